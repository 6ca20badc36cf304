"""Parse tree → list of :mod:`chunks` (one per phrase, in the order written).

Word-class rules are named ``class__meaning`` in the grammar and become
:class:`~chunks.Word`; the phrase rules below read them.
"""

from __future__ import annotations

from typing import Any

from lark import Token, Transformer, Tree, v_args
from lark.tree import Meta

from ai_designer.planner import numbers, units
from ai_designer.planner.chunks import (
    Chunk,
    Clearance,
    Comparative,
    CountChunk,
    Dim,
    Dims,
    EdgeSet,
    Grid,
    Ignored,
    Material,
    Name,
    NounPhrase,
    OpenFaces,
    Position,
    Qty,
    Ref,
    Relation,
    Remark,
    RoleRef,
    SameAs,
    Shell,
    Spacing,
    Treatment,
    UnitDecl,
    Unknown,
    Unsupported,
    Verb,
    Word,
)
from ai_designer.planner.material_words import is_material_word, table_material
from ai_designer.planner.nouns import noun_phrase

_ROLE_SIGNS = {"up": 1, "down": -1}
_OUTSIDE_WORDS = frozenset({"outside", "outer", "external", "exterior"})


def _values(children: list[Any], kind: type) -> list[Any]:
    return [c for c in children if isinstance(c, kind)]


def _first(children: list[Any], kind: type) -> Any:
    found = _values(children, kind)
    return found[0] if found else None


def _words(children: list[Any], cls: str) -> list[Word]:
    return [c for c in children if isinstance(c, Word) and c.cls == cls]


def _word(children: list[Any], cls: str) -> Word | None:
    found = _words(children, cls)
    return found[0] if found else None


def _is_count(meta: Meta, children: list[Any]) -> bool:
    """ "one at the 12 o'clock position": the first number is a count when no comma or "and" follows it."""
    second = children[1] if len(children) > 1 else None
    return isinstance(second, float)


def _count(children: list[Any]) -> float | None:
    """The count of a phrase: a float child (numbers are plain floats; lengths are Qty)."""
    found = [c for c in children if isinstance(c, float)]
    return found[0] if found else None


@v_args(meta=True)
class ToChunks(Transformer[Token, list[Chunk]]):
    """Builds the chunks; ``words`` are the normalised words the token positions index."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(visit_tokens=False)
        self.words = words

    def _call_userfunc(self, tree: Tree[Token], new_children: list[Any] | None = None) -> Any:
        """Every chunk records the word positions it covers."""
        result = super()._call_userfunc(tree, new_children)  # type: ignore[no-untyped-call]
        if isinstance(result, Chunk) and not tree.meta.empty:
            result.start, result.end = tree.meta.start_pos, tree.meta.end_pos
        return result

    def _text(self, meta: Meta) -> str:
        if getattr(meta, "empty", True):
            return ""
        return " ".join(self.words[meta.start_pos : meta.end_pos])

    def __default__(self, data: Any, children: list[Any], meta: Meta) -> Any:
        name = str(data)
        if "__" in name:
            cls, meaning = name.split("__", 1)
            face = _word(children, "face")
            if name == "edge_ref__face" and face is not None:
                meaning = f"face:{face.meaning}"  # "from the left edge": which face's edge
            return Word(cls=cls, meaning=meaning, text=self._text(meta))
        if name.startswith("pos_"):
            return self._position(name[4:], children, meta)
        return Tree(data, children, meta)

    # ------------------------------------------------------------------ sentence level

    def start(self, meta: Meta, children: list[Any]) -> list[Chunk]:
        return [c for c in children if isinstance(c, Chunk)]

    def item(self, meta: Meta, children: list[Any]) -> Chunk:
        (child,) = [c for c in children if not isinstance(c, Token)]
        if isinstance(child, Word):
            return self._word_item(child)
        assert isinstance(child, Chunk), child
        return child

    def _word_item(self, word: Word) -> Chunk:
        if word.cls == "relation":
            return Relation(kind=word.meaning, text=word.text)
        if word.cls == "verb":
            return Verb(kind=word.meaning, text=word.text)
        if word.cls == "comparative":
            role, direction = word.meaning.rsplit("_", 1)
            return Comparative(role=role, sign=_ROLE_SIGNS[direction], text=word.text)
        if word.cls == "entry":
            return NounPhrase(category="feature", kind=word.meaning, noun=word.meaning, text=word.text)
        return word

    def same_as(self, meta: Meta, children: list[Any]) -> Chunk:
        (word,) = [c for c in children if isinstance(c, Word)]
        return SameAs(role=word.meaning, text=self._text(meta))

    def role_alone(self, meta: Meta, children: list[Any]) -> Chunk:
        (word,) = [c for c in children if isinstance(c, Word)]
        return RoleRef(role=word.meaning, text=word.text)

    def connector(self, meta: Meta, children: list[Any]) -> None:
        return None

    @staticmethod
    def _tokens_text(children: list[Any]) -> str:
        return " ".join(str(c) for c in children if isinstance(c, Token))

    def unknown(self, meta: Meta, children: list[Any]) -> Unknown:
        return Unknown(text=self._tokens_text(children))

    def stray(self, meta: Meta, children: list[Any]) -> Unknown:
        return Unknown(text=self._tokens_text(children), stray=True)

    def ref(self, meta: Meta, children: list[Any]) -> Ref:
        return Ref(text=self._tokens_text(children))

    def name(self, meta: Meta, children: list[Any]) -> Name:
        return Name(text=self._tokens_text(children))

    name_word = name

    def side_name(self, meta: Meta, children: list[Any]) -> Name:
        return Name(text=self._text(meta))

    def meta_steps(self, meta: Meta, children: list[Any]) -> Remark:
        n = _count(children)
        return Remark(note=f"described in {n:g} steps", count=n, text=self._text(meta))

    def meta_instead(self, meta: Meta, children: list[Any]) -> Remark:
        return Remark(note=f"replacing {self._text(meta).split(maxsplit=1)[-1]}", text=self._text(meta))

    def sharp_root(self, meta: Meta, children: list[Any]) -> Remark:
        return Remark(
            note="no root radius: the inside corner is sharp",
            shapes=("angle", "channel"),
            text=self._text(meta),
        )

    def meta_thread(self, meta: Meta, children: list[Any]) -> Remark:
        return Remark(note="the thread is not modelled", text=self._text(meta))

    def unsupported(self, meta: Meta, children: list[Any]) -> Unsupported:
        return Unsupported(text=self._tokens_text(children))

    def descriptive(self, meta: Meta, children: list[Any]) -> Ignored:
        text = self._tokens_text(children)
        if is_material_word(text):
            return Material(text=text, name=table_material(text))
        return Ignored(text=text)

    def purpose(self, meta: Meta, children: list[Any]) -> Ignored:
        return Ignored(text=self._tokens_text(children))

    def unit_decl(self, meta: Meta, children: list[Any]) -> UnitDecl:
        return UnitDecl(unit=str(children[-1]), text=self._tokens_text(children))

    # ------------------------------------------------------------------ numbers

    def num_decimal(self, meta: Meta, children: list[Any]) -> float:
        return numbers.decimal_value(str(children[0]))

    def num_fraction(self, meta: Meta, children: list[Any]) -> float:
        return numbers.fraction_value(str(children[0]))

    def num_mixed(self, meta: Meta, children: list[Any]) -> float:
        return numbers.decimal_value(str(children[0])) + numbers.fraction_value(str(children[1]))

    def num_and_half(self, meta: Meta, children: list[Any]) -> float:
        return numbers.decimal_value(str(children[0])) + 0.5

    def count(self, meta: Meta, children: list[Any]) -> float:
        return float(children[0])

    def count_dozen(self, meta: Meta, _: list[Any]) -> float:
        return 12.0

    def count_pair(self, meta: Meta, _: list[Any]) -> float:
        return 2.0

    def count_single(self, meta: Meta, _: list[Any]) -> float:
        return 1.0

    def count_alone(self, meta: Meta, children: list[Any]) -> CountChunk:
        return CountChunk(n=children[0], text=f"{children[0]:g}")

    def unit(self, meta: Meta, children: list[Any]) -> str:
        return str(children[0])

    def qty(self, meta: Meta, children: list[Any]) -> Qty:
        tags = [c for c in children if isinstance(c, Token) and c.type == "AXIS_TAG"]
        parts = [c for c in children if not (isinstance(c, Token) and c.type == "AXIS_TAG")]
        value = parts[0]
        unit = parts[1] if len(parts) > 1 else None
        text = f"{value:g}" + (f" {unit}" if unit else "")
        axis = str(tags[0])[1:] if tags else None
        return Qty(value=value, unit=unit, axis=axis, text=text + (f" ({axis.upper()})" if axis else ""))

    def qty_half(self, meta: Meta, children: list[Any]) -> Qty:
        return Qty(value=0.5, unit=children[-1], text=f"half {children[-1]}")

    def qty_quarter(self, meta: Meta, children: list[Any]) -> Qty:
        return Qty(value=0.25, unit=children[-1], text=f"quarter {children[-1]}")

    def angle(self, meta: Meta, children: list[Any]) -> float:
        return units.to_degrees(children[0], str(children[1]))

    # ------------------------------------------------------------------ dimensions

    def dims(self, meta: Meta, children: list[Any]) -> Dims:
        values = _values(children, Qty)
        tail = _word(children, "role")
        if tail is not None and tail.text in _OUTSIDE_WORDS:
            tail = None  # "100 x 70 x 40 mm outside": the outside sizes (as sizes are anyway)
        return Dims(
            values=values, tail_role=tail.meaning if tail else None, text=" x ".join(q.text for q in values)
        )

    def dims_led(self, meta: Meta, children: list[Any]) -> Dims:
        named = _words(children, "role")  # "diameter 12 x 100 long": the lead, then the tail
        lead = named[0] if named else None
        tail = named[1] if len(named) > 1 else None
        values = _values(children, Qty)
        return Dims(
            values=values,
            lead_role=lead.meaning if lead else None,
            tail_role=tail.meaning if tail else None,
            text=" x ".join(q.text for q in values),
        )

    def dim_qr(self, meta: Meta, children: list[Any]) -> Dim:
        role = _word(children, "role")
        qty = _first(children, Qty)
        assert role is not None
        return Dim(role=role.meaning, qty=qty, text=self._text(meta))

    def size_ref_larger(self, meta: Meta, children: list[Any]) -> NounPhrase:
        return self._size_ref("larger", meta)

    def size_ref_smaller(self, meta: Meta, children: list[Any]) -> NounPhrase:
        return self._size_ref("smaller", meta)

    def _size_ref(self, which: str, meta: Meta) -> NounPhrase:
        """ "the larger section": a shape named by its size among the round shapes described."""
        return NounPhrase(
            category="shape",
            kind="cylinder",
            noun="section",
            adjectives=[which],
            definite=True,
            text=self._text(meta),
        )

    def round_size(self, meta: Meta, children: list[Any]) -> Dim:
        return Dim(role="diameter", qty=_first(children, Qty), text=self._text(meta))

    def dim_square(self, meta: Meta, children: list[Any]) -> Dim:
        qty = _first(children, Qty)
        return Dim(role="side", qty=qty, text=self._text(meta))

    def dim_side(self, meta: Meta, children: list[Any]) -> Dim:
        qty = _first(children, Qty)
        return Dim(role="side", qty=qty, text=self._text(meta))

    dim_rq = dim_qr

    def dim_to(self, meta: Meta, children: list[Any]) -> Dim:
        """ "increase the diameter to 6 mm": a new value, not an amount."""
        dim = self.dim_qr(meta, children)
        dim.absolute = True
        return dim

    def dim_top(self, meta: Meta, children: list[Any]) -> Dim:
        qty = _first(children, Qty)
        return Dim(role="top", qty=qty, text=self._text(meta))

    def dim_count(self, meta: Meta, children: list[Any]) -> Dim:
        role = _word(children, "count_role")
        n = _count(children)
        assert role is not None and n is not None
        return Dim(role=role.meaning, number=n, text=f"{n:g} {role.text}")

    def dim_angle(self, meta: Meta, children: list[Any]) -> Dim:
        role = _word(children, "angle_role")
        value = _count(children)
        name = role.meaning if role else "angle"
        return Dim(role=name, angle=value, text=f"{value:g} degrees {role.text if role else ''}".strip())

    # ------------------------------------------------------------------ noun phrases

    def shape_np(self, meta: Meta, children: list[Any]) -> NounPhrase:
        return noun_phrase("shape", children, self.words, meta.start_pos)

    def wall_np(self, meta: Meta, children: list[Any]) -> NounPhrase:
        dims = _first(children, Dims)
        return NounPhrase(
            category="shape",
            kind="box",
            noun="wall",
            mods=[dims],
            text=" ".join(self.words[meta.start_pos : meta.start_pos + 1]),
        )

    def dim_rise(self, meta: Meta, children: list[Any]) -> Dim:
        return Dim(role="height", qty=_first(children, Qty), text=self._text(meta))

    def feature_np(self, meta: Meta, children: list[Any]) -> NounPhrase:
        return noun_phrase("feature", children, self.words, meta.start_pos)

    def open_out(self, meta: Meta, children: list[Any]) -> NounPhrase:
        """ "open the hole out": a counterbore of the hole named (read before it, as a lead phrase)."""
        return NounPhrase(
            category="feature",
            kind="counterbore",
            noun="counterbore",
            lead=[c for c in children if isinstance(c, NounPhrase)],
            text=self._text(meta),
        )

    def msize(self, meta: Meta, children: list[Any]) -> Clearance:
        return Clearance(size=str(children[0]), text=self._tokens_text(children))

    def msize_pitch(self, meta: Meta, children: list[Any]) -> Clearance:
        pitch = next(c for c in children if isinstance(c, float))
        return Clearance(size=str(children[0]), pitch=pitch, text=f"{children[0]} x {pitch:g}")

    def clearance_for(self, meta: Meta, children: list[Any]) -> Clearance:
        size = next(str(c) for c in children if isinstance(c, Token) and c.type == "MSIZE")
        return Clearance(size=size, text=self._tokens_text(children))

    # ------------------------------------------------------------------ treatments, shells

    def treatment(self, meta: Meta, children: list[Any]) -> Treatment:
        kind = _word(children, "treat")
        angle = next((c.angle for c in children if isinstance(c, Dim) and c.role == "chamfer_angle"), None)
        return Treatment(
            kind=kind.meaning if kind else "fillet",
            size=_first(children, Qty),
            edges=_first(children, EdgeSet),
            count=_count(children),
            angle=angle,
            text=self._text(meta),
        )

    def chamfer_angle(self, meta: Meta, children: list[Any]) -> Dim:
        return Dim(role="chamfer_angle", angle=children[0], text=self._text(meta))

    def edge_set(self, meta: Meta, children: list[Any]) -> EdgeSet:
        noun = _word(children, "edge_noun")
        quant = next(
            (str(c) for c in children if isinstance(c, Token) and c in ("all", "each", "every", "both")), None
        )
        return EdgeSet(
            quant=quant,
            adjectives=[w.meaning for w in _words(children, "edge")],
            noun=noun.meaning if noun else "edges",
            count=_count(children),
            text=self._text(meta),
        )

    def edges_at_ends(self, meta: Meta, children: list[Any]) -> EdgeSet:
        """ "the outer edges at each end": the edges of the ends, with the adjectives said."""
        adjectives = [w.meaning for w in _words(children, "edge")]
        return EdgeSet(
            quant=next((str(c) for c in children if isinstance(c, Token) and c in ("all",)), None),
            adjectives=[*adjectives, *(["end"] if "end" not in adjectives else [])],
            noun="edges",
            count=_count(children),
            text=self._text(meta),
        )

    def edges_all(self, meta: Meta, children: list[Any]) -> EdgeSet:
        return EdgeSet(quant="all", noun="edges", text=self._text(meta))

    def shell_phrase(self, meta: Meta, children: list[Any]) -> Shell:
        return Shell(qty=_first(children, Qty), text=self._text(meta))

    shell_alone = shell_phrase

    def open_phrase(self, meta: Meta, children: list[Any]) -> OpenFaces:
        return OpenFaces(faces=[w.meaning for w in _words(children, "face")], text=self._text(meta))

    def open_both(self, meta: Meta, children: list[Any]) -> OpenFaces:
        return OpenFaces(faces=["top", "bottom"], text=self._text(meta))

    def open_top(self, meta: Meta, children: list[Any]) -> OpenFaces:
        return OpenFaces(faces=["top"], text=self._text(meta))

    # ------------------------------------------------------------------ positions and patterns

    def _position(self, kind: str, children: list[Any], meta: Meta) -> Position:
        ref = _word(children, "edge_ref")
        axis = _word(children, "axis")
        faces = [w.meaning for w in _words(children, "face")]
        refers_to = ref.meaning if ref else None
        words = {str(c) for c in children if isinstance(c, Token)}
        if kind == "through" and words & {"all", "everything", "both", "whole", "entire"}:
            refers_to = "all"  # "through both", "through the whole part": every shape it meets
        if kind == "ends":  # "at each end", "at both ends", "at the ends" | "at one end", "at the end"
            refers_to = "both" if words & {"each", "both", "either", "ends"} else "one"
        if kind == "centreline" and "short" in words:
            refers_to = "short"  # "on the short centreline": across the width
        if refers_to is not None and refers_to.startswith("face:"):
            refers_to, side = refers_to.split(":", 1)
            faces.append(side)
        return Position(
            kind=kind,
            qty=_first(children, Qty),
            faces=faces,
            axis=axis.meaning if axis else None,
            ref=refers_to,
            count=_count(children),
            text=self._text(meta),
        )

    def pos_rect(self, meta: Meta, children: list[Any]) -> Position:
        dims = _first(children, Dims)
        if len(dims.values) != 2:
            return Unknown(text=self._text(meta))  # type: ignore[return-value]
        first, second = dims.values
        return Position(kind="rect", qty=first, qty2=second, text=self._text(meta))

    def pos_clock(self, meta: Meta, children: list[Any]) -> Position:
        values = [c for c in children if isinstance(c, float)]
        counted = len(values) > 1 and isinstance(children[0], float) and _is_count(meta, children)
        count, hours = (values[0], values[1:]) if counted else (None, values)
        return Position(kind="clock", hours=hours, count=count, text=self._text(meta))

    def pos_below(self, meta: Meta, children: list[Any]) -> Position:
        """ "20 mm below the top", "30 mm above the underside": a distance from that face's edge."""
        faces = [w.meaning for w in _words(children, "face")]
        return Position(
            kind="inset", qty=_first(children, Qty), faces=faces, ref="face", text=self._text(meta)
        )

    def pos_for_length(self, meta: Meta, children: list[Any]) -> Position:
        return Position(kind="along_length", text=self._text(meta))

    def pos_mid(self, meta: Meta, children: list[Any]) -> Position:
        """ "at mid-width": ``ref`` is the size it is the middle of (width, length, height)."""
        size = {"wide": "width", "width": "width", "broad": "width", "length": "length"}
        word = str(children[-1])
        return Position(kind="mid", ref=size.get(word, "height"), text=self._text(meta))

    def pos_one_wall(self, meta: Meta, children: list[Any]) -> Position:
        """ "through one side of the wall": ``count`` is the number of walls gone through."""
        number = next(float(c) for c in children if isinstance(c, Token) and c.type == "NUMBER")
        return Position(kind="walls", count=number, text=self._text(meta))

    def pos_clock_first(self, meta: Meta, children: list[Any]) -> Position:
        return Position(kind="clock_first", hours=_values(children, float), text=self._text(meta))

    def grid(self, meta: Meta, children: list[Any]) -> Grid:
        counts = [c for c in children if isinstance(c, float)]
        return Grid(columns=counts[0], rows=counts[1], text=self._text(meta))

    def grid_any(self, meta: Meta, children: list[Any]) -> Grid:
        return Grid(text=self._text(meta))

    def rows(self, meta: Meta, children: list[Any]) -> Grid:
        counts = [c for c in children if isinstance(c, float)]
        return Grid(rows=counts[0], columns=counts[1] if len(counts) > 1 else None, text=self._text(meta))

    def rows_cols_first(self, meta: Meta, children: list[Any]) -> Grid:
        counts = [c for c in children if isinstance(c, float)]
        return Grid(columns=counts[0], rows=counts[1], text=self._text(meta))

    def _spacing(self, kind: str, children: list[Any], meta: Meta) -> Spacing:
        return Spacing(kind=kind, qty=_first(children, Qty), text=self._text(meta))

    def spacing_pitch(self, meta: Meta, children: list[Any]) -> Spacing:
        return self._spacing("pitch", children, meta)

    def spacing_apart(self, meta: Meta, children: list[Any]) -> Spacing:
        return self._spacing("apart", children, meta)

    def spacing_gap(self, meta: Meta, children: list[Any]) -> Spacing:
        return self._spacing("gap", children, meta)


def to_chunks(tree: Tree[Token], words: list[str]) -> list[Chunk]:
    """The phrases of a parse tree, in order."""
    result = ToChunks(words).transform(tree)
    assert isinstance(result, list)
    return result

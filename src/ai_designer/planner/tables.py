"""Standard tables for metric screws, holes and keys (mm), each confirmed by two or more public sources.

Every value here was checked against at least two independent sources (named above each
table). A size missing from a table was not confirmed: the planner refuses and says so
rather than guess. Keys are the nominal thread diameter (M2.5 → 2.5).

Source short names:
  FWB   github shaise/FreeCAD_FastenersWB @ ae90a86, FsData/*.csv
  FC-H  github FreeCAD/FreeCAD @ 24681c9, src/Mod/PartDesign/App/FeatureHole.cpp
        (metricHoleDiameters "according to ISO 273"; "Tap-Drill diameters according to ISO 2306")
  FC-S  github FreeCAD/FreeCAD @ 36406e4, src/Mod/PartDesign/FeatureHole/Standards.py
        (Klein, "Einführung in die DIN-Normen", 14th ed., 2008, and DIN EN 20273)
  FC-J  github FreeCAD/FreeCAD, src/Mod/PartDesign/Resources/Hole/iso4762.json, iso10642.json
  CQW   github gumyr/cq_warehouse @ daa4650, src/cq_warehouse/*.csv
Web pages are given by address.
"""

from __future__ import annotations

# ---------------------------------------------------------------------------
# 1. ISO 273 (= EN 20273) clearance holes for bolts and screws.
#    value = (fine, medium, coarse)   [fine = H12, medium = H13, coarse = H14]
#    Confirmed by: FC-H metricHoleDiameters; FC-S standards_through["ISO 273"];
#    https://engineeringhardware.com/?p=50 (ISO 273 / DIN 406 table).
#    (CQW clearance_hole_sizes.csv disagrees for M12/M14/M16 only -- see .md.)
# ---------------------------------------------------------------------------
ISO_273: dict[float, tuple[float, float, float]] = {
    1.6: (1.7, 1.8, 2.0),
    2.0: (2.2, 2.4, 2.6),
    2.5: (2.7, 2.9, 3.1),
    3.0: (3.2, 3.4, 3.6),
    4.0: (4.3, 4.5, 4.8),
    5.0: (5.3, 5.5, 5.8),
    6.0: (6.4, 6.6, 7.0),
    8.0: (8.4, 9.0, 10.0),
    10.0: (10.5, 11.0, 12.0),
    12.0: (13.0, 13.5, 14.5),
    14.0: (15.0, 15.5, 16.5),
    16.0: (17.0, 17.5, 18.5),
    20.0: (21.0, 22.0, 24.0),
    24.0: (25.0, 26.0, 28.0),
}
ISO_273_FINE: dict[float, float] = {d: v[0] for d, v in ISO_273.items()}
ISO_273_MEDIUM: dict[float, float] = {d: v[1] for d, v in ISO_273.items()}
ISO_273_COARSE: dict[float, float] = {d: v[2] for d, v in ISO_273.items()}

# ---------------------------------------------------------------------------
# 2. Counterbores for ISO 4762 socket head cap screws, DIN 974-1 row 1
#    ("Reihe 1": ISO 1207, ISO 4762, DIN 6912, DIN 7984 -- WITHOUT washer).
#
# 2a. Counterbore diameter d1 (H13), DIN 974-1 row 1.
#     Confirmed by: FC-S standards_counterbore["DIN 974-1"] row 1 (Klein 2008);
#     https://engineersbible.com/counterbore-cheese-din (same row-1 values, M1.6-M10);
#     FC-J iso4762.json (M1.6 and M4-M24 identical);
#     https://utilitiesbunker.com/tools/countersink-counterbore-chart (M3-M24 identical).
# ---------------------------------------------------------------------------
DIN_974_1_ROW1_CBORE_DIA: dict[float, float] = {
    1.6: 3.5,
    2.0: 4.4,
    2.5: 5.5,
    3.0: 6.5,
    4.0: 8.0,
    5.0: 10.0,
    6.0: 11.0,
    8.0: 15.0,
    10.0: 18.0,
    12.0: 20.0,
    14.0: 24.0,
    16.0: 26.0,
    20.0: 33.0,
    24.0: 40.0,
}

# 2b. Counterbore depth t for ISO 4762 without washer, per DIN 974-1:
#     t = k_max(ISO 4762 head height) + Z, with allowance Z = 0.4 (d <= 6),
#     0.6 (6 < d <= 20), 0.8 (20 < d <= 27)  [FC-S standards_counterbore_extradepth
#     and calcCounterboreDepth; k_max from FWB iso4762def.csv "k" and
#     https://engineeringhardware.com/?p=12].
#     Resulting values confirmed independently by FC-J iso4762.json "depth" (M3-M24).
#     M1.6, M2, M2.5 are omitted: sources disagree .
DIN_974_1_ROW1_CBORE_DEPTH_ISO4762: dict[float, float] = {
    3.0: 3.4,
    4.0: 4.4,
    5.0: 5.4,
    6.0: 6.4,
    8.0: 8.6,
    10.0: 10.6,
    12.0: 12.6,
    14.0: 14.6,
    16.0: 16.6,
    20.0: 20.6,
    24.0: 24.8,
}

# ---------------------------------------------------------------------------
# 3. Countersinks (90°) for ISO 10642 hexagon socket countersunk head screws (M3-M20):
#    DIN 74 Form F countersink diameter d2 (H13, 90 deg) -- the DIN countersink
#     for ISO 10642 / DIN 7991 screws (slightly larger than dk theoretical).
#     Confirmed by: FC-S standards_countersink["DIN 74-F"] (Klein 2008);
#     https://simblueprint.com/brainbox/schraubenverbindungen/senkungen (same values
#     rounded to 0.1: 6.9, 9.2, 11.5, 13.7, 18.3, 22.7, 27.2, 40.7).
#     M14 (single source) and M16 (sources disagree) omitted.
#     NOTE: ISO 15065 is NOT used: it applies to heads per ISO 7721 (ISO 2009/7046
#     slotted/cross-recessed screws), not to ISO 10642.
DIN_74_F_CSINK_DIA: dict[float, float] = {
    3.0: 6.94,
    4.0: 9.18,
    5.0: 11.47,
    6.0: 13.71,
    8.0: 18.25,
    10.0: 22.73,
    12.0: 27.21,
    20.0: 40.71,
}
CSINK_ANGLE_DEG_ISO_10642: float = 90.0  # FWB, FC-J

# ---------------------------------------------------------------------------
# 4. ISO 261 / ISO 262 coarse pitch P, and tap drill diameter.
#    Pitch confirmed by: FWB iso262def.csv "P_coarse"; FC-H threadDescription;
#    CQW tap_hole_sizes.csv size names; https://rebell-tools.de/de/gewinde-wissen/wissen-a-bis-z/k/kernlochtabelle-fuer-metrische-gewinde-1.html;
#    https://fedorgross.de/befestigungstechnik/kernloch-und-bolzenmass-fuer-metrische-und-zollgewinde.html
# ---------------------------------------------------------------------------
ISO_261_COARSE_PITCH: dict[float, float] = {
    1.6: 0.35,
    2.0: 0.4,
    2.5: 0.45,
    3.0: 0.5,
    4.0: 0.7,
    5.0: 0.8,
    6.0: 1.0,
    8.0: 1.25,
    10.0: 1.5,
    12.0: 1.75,
    14.0: 2.0,
    16.0: 2.0,
    20.0: 2.5,
    24.0: 3.0,
}

# Tap drill per ISO 2306 / DIN 336 (the standard drill size, ~ d - P rounded to a
# standard drill; differs from the exact "d - P" rule only at M8 (6.8 vs 6.75)
# and M12 (10.2 vs 10.25) within M1.6-M24).
# Confirmed by: FC-H threadDescription ("according to ISO 2306");
# https://fedorgross.de/befestigungstechnik/kernloch-und-bolzenmass-fuer-metrische-und-zollgewinde.html;
# https://rebell-tools.de/de/gewinde-wissen/wissen-a-bis-z/k/kernlochtabelle-fuer-metrische-gewinde-1.html;
# https://janbarkmann.de/wissen/wissen-metall/35-metrische-iso-gewinde.html (M3-M24);
# https://utilitiesbunker.com/tools/drill-tap-chart-metric ("75 % thread" column).
ISO_2306_TAP_DRILL: dict[float, float] = {
    1.6: 1.25,
    2.0: 1.6,
    2.5: 2.05,
    3.0: 2.5,
    4.0: 3.3,
    5.0: 4.2,
    6.0: 5.0,
    8.0: 6.8,
    10.0: 8.5,
    12.0: 10.2,
    14.0: 12.0,
    16.0: 14.0,
    20.0: 17.5,
    24.0: 21.0,
}

# ---------------------------------------------------------------------------
# 5. DIN 6885-1 (Aug 1968) parallel keys, deep pattern, and keyways.
#    Rows: (shaft_min_exclusive, shaft_max_inclusive, b, h, t1_shaft, t2_hub)
#    t1/t2 are the nominal keyway depths for the normal (clearance, "Rueckenspiel") fit.
#    Confirmed by: https://de.scribd.com/document/684917914/DIN6885 (scan of DIN 6885-1:1968);
#    https://engineeringhardware.com/guide/standard/din-6885-parallel-keys/ (6-58 mm);
#    https://globalindustrialsupplies.eu/siemens_catalogues/gear_units/siemens_flender_gear_units_259.html
#    (Siemens MD 31.1 catalogue, DIN 6885-1, 38-230 mm);
#    https://manualslib.fr/manual/453947/Zae-E-040.html?page=73 (ranges, b, h, t1);
#    https://blickinsbuch.westermann.de/978-3-7100-2274-6/52 (worked example d=34: 10x8, t1=5, t2=3.3).
# ---------------------------------------------------------------------------
DIN_6885_1_KEYS: list[tuple[float, float, float, float, float, float]] = [
    (6.0, 8.0, 2.0, 2.0, 1.2, 1.0),
    (8.0, 10.0, 3.0, 3.0, 1.8, 1.4),
    (10.0, 12.0, 4.0, 4.0, 2.5, 1.8),
    (12.0, 17.0, 5.0, 5.0, 3.0, 2.3),
    (17.0, 22.0, 6.0, 6.0, 3.5, 2.8),
    (22.0, 30.0, 8.0, 7.0, 4.0, 3.3),
    (30.0, 38.0, 10.0, 8.0, 5.0, 3.3),
    (38.0, 44.0, 12.0, 8.0, 5.0, 3.3),
    (44.0, 50.0, 14.0, 9.0, 5.5, 3.8),
    (50.0, 58.0, 16.0, 10.0, 6.0, 4.3),
    (58.0, 65.0, 18.0, 11.0, 7.0, 4.4),
    (65.0, 75.0, 20.0, 12.0, 7.5, 4.9),
    (75.0, 85.0, 22.0, 14.0, 9.0, 5.4),
    (85.0, 95.0, 25.0, 14.0, 9.0, 5.4),
    (95.0, 110.0, 28.0, 16.0, 10.0, 6.4),
    (110.0, 130.0, 32.0, 18.0, 11.0, 7.4),
    (130.0, 150.0, 36.0, 20.0, 12.0, 8.4),
    (150.0, 170.0, 40.0, 22.0, 13.0, 9.4),
    (170.0, 200.0, 45.0, 25.0, 15.0, 10.4),
    (200.0, 230.0, 50.0, 28.0, 17.0, 11.4),
]

# ---------------------------------------------------------------------------
# 6a. ISO 4032 hexagon nuts, style 1: value = (s across flats, m height max)
#     Confirmed by: FWB iso4032def.csv; CQW hex_nut_parameters.csv;
#     https://ns2.engineersedge.com/hardware/bs_en_iso_4032_hexagon_nuts__14571.htm
#     (BS EN ISO 4032:2001 Table 1);
#     https://www.trojansf.co.uk/standards/iso-4032 (M3-M24 incl. M14).
# ---------------------------------------------------------------------------
ISO_4032: dict[float, tuple[float, float]] = {
    1.6: (3.2, 1.3),
    2.0: (4.0, 1.6),
    2.5: (5.0, 2.0),
    3.0: (5.5, 2.4),
    4.0: (7.0, 3.2),
    5.0: (8.0, 4.7),
    6.0: (10.0, 5.2),
    8.0: (13.0, 6.8),
    10.0: (16.0, 8.4),
    12.0: (18.0, 10.8),
    14.0: (21.0, 12.8),
    16.0: (24.0, 14.8),
    20.0: (30.0, 18.0),
    24.0: (36.0, 21.5),
}

# 6b. ISO 7089 plain washers, normal series, product grade A:
#     value = (d1 inner min, d2 outer max, h nominal thickness)
#     Confirmed by: FWB iso7089def.csv (d1_min, d2_max, h); CQW plain_washer_parameters.csv
#     (d1, d2 identical; its h column is h_max); https://engineeringhardware.com/guide/size/m1.6-flat-washers/
#     and https://engineeringhardware.com/guide/standard/iso-7089-cad-svg-086-washer/.
ISO_7089: dict[float, tuple[float, float, float]] = {
    1.6: (1.7, 4.0, 0.3),
    2.0: (2.2, 5.0, 0.3),
    2.5: (2.7, 6.0, 0.5),
    3.0: (3.2, 7.0, 0.5),
    4.0: (4.3, 9.0, 0.8),
    5.0: (5.3, 10.0, 1.0),
    6.0: (6.4, 12.0, 1.6),
    8.0: (8.4, 16.0, 1.6),
    10.0: (10.5, 20.0, 2.0),
    12.0: (13.0, 24.0, 2.5),
    14.0: (15.0, 28.0, 2.5),
    16.0: (17.0, 30.0, 3.0),
    20.0: (21.0, 37.0, 3.0),
    24.0: (25.0, 44.0, 4.0),
}

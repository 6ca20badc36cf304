"""litellm is imported lazily and, once imported and called, reaches nothing but the configured server."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from helpers.openai_stub import OpenAIStub

_GUARD = """
import json, socket, sys
attempts = []
_getaddrinfo = socket.getaddrinfo
_connect = socket.socket.connect
def getaddrinfo(host, *args, **kwargs):
    attempts.append(str(host))
    return _getaddrinfo(host, *args, **kwargs)
def connect(self, address):
    attempts.append(str(address[0]) if isinstance(address, tuple) else str(address))
    return _connect(self, address)
socket.getaddrinfo = getaddrinfo
socket.socket.connect = connect
"""


def run_python(code: str, env_base: str | None = None) -> dict[str, object]:
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "AI_DESIGNER_ENV_FILE": "/dev/null"}
    if env_base:
        env["STUB_BASE"] = env_base
    done = subprocess.run(
        [sys.executable, "-c", _GUARD + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_importing_the_provider_does_not_import_litellm() -> None:
    result = run_python(
        """
        import ai_designer.llm.provider, ai_designer.agents.factory
        print(json.dumps({"litellm": "litellm" in sys.modules, "attempts": attempts}))
        """
    )
    assert result == {"litellm": False, "attempts": []}


def test_a_call_reaches_only_the_configured_server(openai_stub: OpenAIStub) -> None:
    openai_stub.reply("local-model", "hello")
    result = run_python(
        """
        import asyncio, os
        from ai_designer.config import Settings
        from ai_designer.llm.provider import LLMProvider
        from ai_designer.schemas.llm import LLMMessage, LLMRequest

        settings = Settings(_env_file=None, llm_api_base=os.environ["STUB_BASE"],
                            planner_models=["openai/local-model"])
        request = LLMRequest(role="planner", messages=[LLMMessage(role="user", content="hi")])
        answer = asyncio.run(LLMProvider(settings).complete(request))
        print(json.dumps({"content": answer.content, "attempts": sorted(set(attempts))}))
        """,
        env_base=openai_stub.base_url,
    )
    assert result["content"] == "hello"
    assert result["attempts"] == ["127.0.0.1"]
    assert len(openai_stub.requests) == 1

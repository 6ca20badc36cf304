# ai-designer: the API (`serve`) and the workers (`worker`) in one image.
# Debian bookworm with Debian's headless FreeCAD (freecad-python3) and its Python 3.11.
FROM debian:bookworm-slim

ENV DEBIAN_FRONTEND=noninteractive \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/ai-designer/.venv/bin:$PATH \
    OUTPUT_DIR=/data/outputs \
    LOG_FORMAT=json

# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends freecad-python3 python3 python3-venv ca-certificates curl \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin designer \
    && mkdir -p /opt/ai-designer /data/outputs /data/metrics \
    && chown -R designer:designer /opt/ai-designer /data

WORKDIR /opt/ai-designer
COPY --chown=designer:designer requirements-runtime.lock pyproject.toml README.md ./
COPY --chown=designer:designer src ./src
COPY --chown=designer:designer config ./config

# The build context has no .git: the version comes from here (`make image` and the release
# workflow pass the tag's), else setuptools-scm's fallback says it is unknown.
ARG AI_DESIGNER_VERSION=0.0.0+unknown
USER 10001
RUN python3 -m venv .venv \
    && .venv/bin/pip install --no-cache-dir --require-hashes -r requirements-runtime.lock \
    && SETUPTOOLS_SCM_PRETEND_VERSION_FOR_AI_DESIGNER="$AI_DESIGNER_VERSION" \
       .venv/bin/pip install --no-cache-dir --no-deps .

EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD ["curl", "-fsS", "http://127.0.0.1:8000/health"]
ENTRYPOINT ["ai-designer"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8000"]

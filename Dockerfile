# plaid-emulator: a local emulator of Plaid's Sandbox API, as a CI service.
# Build:  docker build -t plaid-emulator --build-arg VERSION=$(git describe --always) .
# Run:    docker run -p 7777:7777 plaid-emulator
# Mount /fixtures and /scenarios (YAML) to add to the built-in data.

FROM docker.io/library/golang:1.26.8 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/plaid-emulator ./cmd/plaid-emulator \
 && /out/plaid-emulator version \
 && mkdir -p /out/fixtures /out/scenarios /out/state
# UPX packs the stripped binary: about 19.6 MB becomes about 7 MB, and each start
# (the server's, a healthcheck's) spends about 0.1 s unpacking it.
RUN if command -v upx >/dev/null || (apt-get update -qq && apt-get install -y -qq --no-install-recommends upx-ucl >/dev/null 2>&1); then \
      upx -q /out/plaid-emulator >/dev/null && /out/plaid-emulator version; \
    else echo "warning: upx cannot be installed here; the image keeps the unpacked binary (about 20 MB)"; fi

FROM scratch
ARG VERSION=dev
LABEL org.opencontainers.image.title="plaid-emulator" \
      org.opencontainers.image.description="A local emulator of Plaid's Sandbox API for offline, deterministic integration tests" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.source="https://github.com/plaid-emulator/plaid-emulator" \
      org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/plaid-emulator /plaid-emulator
COPY --from=build --chown=65532:65532 /out/fixtures /fixtures
COPY --from=build --chown=65532:65532 /out/scenarios /scenarios
COPY --from=build --chown=65532:65532 /out/state /state
USER 65532:65532
ENV PLAID_EMULATOR_ADDR=0.0.0.0:7777 \
    PLAID_EMULATOR_FIXTURES=/fixtures \
    PLAID_EMULATOR_SCENARIOS=/scenarios
EXPOSE 7777
HEALTHCHECK --interval=5s --timeout=3s --start-period=1s --retries=3 CMD ["/plaid-emulator", "healthcheck"]
ENTRYPOINT ["/plaid-emulator"]
CMD ["serve"]

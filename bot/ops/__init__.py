"""Operations: Prometheus metrics, the /healthz and /metrics server, the settings reference."""

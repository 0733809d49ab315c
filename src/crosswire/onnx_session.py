"""One way to serve an ONNX model on the CPU, for every model crosswire ships (the line model,
the MiniLM embedder): sequential execution, one inter-op thread, onnxruntime's own log quiet
below errors."""

from __future__ import annotations

from typing import Any


def cpu_session(model: str | bytes, threads: int) -> Any:
    """(model file path or serialised model, intra-op threads) -> an onnxruntime
    InferenceSession on the CPU (onnxruntime imported on first use)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])

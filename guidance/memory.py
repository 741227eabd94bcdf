"""How much GPU memory a model's weights need to run, by the rule the shortlist states."""

BYTES_PER_PARAMETER = {16: 2.0, 4: 0.5}
MEMORY_OVERHEAD = 1.2  # weights x 1.2: KV cache, activations, runtime


def weights_gb(billions: float, bits: int) -> float:
    """Memory for the weights alone, in GB (10^9 bytes)."""
    return billions * BYTES_PER_PARAMETER[bits]


def memory_gb(billions: float, bits: int) -> float:
    """Memory to run the model: the weights plus the stated overhead."""
    return weights_gb(billions, bits) * MEMORY_OVERHEAD

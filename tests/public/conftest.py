from tests.world import TEXT_A, TEXT_B, world  # noqa: F401

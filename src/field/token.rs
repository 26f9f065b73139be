//! Token inspector: decode a JWT without verifying it and flag what matters for Connect.

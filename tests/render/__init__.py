"""Tests of `ztui.render`: golden manifests written by hand from spec section 3, and properties."""

"""Reachability and lint over the rendered manifests."""

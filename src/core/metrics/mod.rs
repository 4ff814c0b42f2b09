//! Metrics storage and analysis over additive daily facts. Being built.

//! A year of sample metrics for the sample store. Being built.

//! Import of the files operators download (生意参谋, 万相台, 直通车, plain CSV). Being built.

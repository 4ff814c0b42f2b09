# Page code fetched on demand (issue 10 §2): what the user reads when a page's code cannot be
# fetched (offline before the app was ever cached, or the server went away).
T_EXTRA = {
"chunk_failed": ("这部分程序没能下载（可能离线，且此前未缓存）。联网后重试。", "This part of the app could not be downloaded (offline, and not cached yet). Connect and try again."),
"chunk_retry": ("重试", "Try again"),
}

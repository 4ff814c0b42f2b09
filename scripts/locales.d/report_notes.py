# Report comments (issue 17 §4): typed comments kept with a report.
T_EXTRA = {
"rp_note": ("备注", "Comments"),
"rp_note_edit": ("这份报告的备注（与报告一起打印、复制和导出，通过方案文件与同事共享）", "Comments on this report (printed, copied and exported with it; shared with teammates through plan files)"),
"rp_note_save": ("保存备注", "Save comments"),
"rp_note_saved": ("备注已保存。", "Comments saved."),
"rp_note_too_long": ("备注太长（最多 {{ n }} 个字）。没有保存。", "The comments are too long (at most {{ n }} characters). Nothing was saved."),
}

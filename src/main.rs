//! Entry point: mount the app.
fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(store_ops_planner::ui::App);
}

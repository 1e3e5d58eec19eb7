//! Notes for developers in the browser console; readers see the interface's own notices.

/// Writes `message` as a console warning.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&message.into());
}

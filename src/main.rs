//! The reader web app's entry point; trunk builds it for wasm32.

#[cfg(target_arch = "wasm32")]
fn main() {
    wenji::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("wenji-reader is the web app: build it with trunk for wasm32 (see README.md)");
    std::process::exit(2);
}

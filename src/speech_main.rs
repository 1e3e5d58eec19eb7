//! Reading aloud (朗讀), the part of the app loaded on the first tap of its control: trunk builds
//! it for wasm32 beside the app (index.html, `data-type="worker"`: files not inserted into the
//! page, named by content by scripts/name-parts.mjs), and start.js's `wenjiLoad` starts it
//! (src/read_aloud/launch.rs).

#[cfg(target_arch = "wasm32")]
fn main() {
    wenji::read_aloud::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "wenji-speech is part of the web app: build it with trunk for wasm32 (see README.md)"
    );
    std::process::exit(2);
}

//! Entry point: mounts the app. Everything else lives in the library.

fn main() {
    connector_console::app::start();
}

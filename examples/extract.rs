//! Developer tool: run the core on a saved page and print the result as JSON.
//!
//! `cargo run --example extract -- URL PAGE.html`

use unspool::thread::Collector;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(url), Some(path)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: extract URL PAGE.html");
        std::process::exit(2);
    };
    let html = match std::fs::read_to_string(path) {
        Ok(h) => h,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    match Collector::new(url).and_then(|mut c| c.add_html(&html)) {
        Ok(p) => println!("{}", serde_json::to_string_pretty(&p).unwrap_or_default()),
        Err(e) => {
            eprintln!("{}: {e}", e.code());
            std::process::exit(1);
        }
    }
}

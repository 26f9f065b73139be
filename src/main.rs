fn main() {
    match oauth_triage::kb::builtin() {
        Ok(kb) => println!("{} fixes", kb.fixes().len()),
        Err(problems) => {
            for p in problems {
                eprintln!("{p}");
            }
            std::process::exit(2);
        }
    }
}

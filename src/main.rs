fn main() -> std::process::ExitCode {
    propdesk::run(std::env::args_os())
}

fn main() -> std::process::ExitCode {
    oversight::cli::main()
}

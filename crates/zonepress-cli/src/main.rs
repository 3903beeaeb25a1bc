use clap::Parser;

fn main() -> std::process::ExitCode {
    // A parser child (verify of a user's PDF or 数字报) parses and exits here.
    zonepress_api::sandbox::main_hook();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ZONEPRESS_LOG")
                .unwrap_or_else(|_| "warn,zonepress_cli=info,zonepress_http=info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    zonepress_cli::cli::run(zonepress_cli::cli::Cli::parse())
}

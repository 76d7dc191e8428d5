//! `cloud`: serve, administer, or run a local Eskiz.
#![allow(clippy::print_stdout)] // a command-line tool answers on stdout

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use cloud::Cloud;
use cloud::settings::Settings;

#[derive(Parser)]
#[command(name = "cloud", version, about = "The cloud: owner accounts, hub enrolment and sync, owner pages")]
struct Cli {
    /// TOML settings file (optional; CLOUD__SECTION__KEY variables and DATABASE_URL override it).
    #[arg(long, global = true, env = "CLOUD_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve until Ctrl-C or SIGTERM (migrations run first).
    Serve {
        /// Development mode: verification codes go to the log (sms.provider =
        /// log) and cookies drop `Secure`; never on a public address. The same
        /// as `development = true` in the settings.
        #[arg(long)]
        dev: bool,
    },
    /// Platform administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// A local payment provider speaking its published protocol (development, tests, the demo);
    /// it uses the same settings file as the cloud (merchant ids, keys, the cloud's public URL).
    ProviderSim {
        #[command(subcommand)]
        provider: SimProvider,
    },
    /// Seal a secret setting with this cloud's key (read from standard input): prints a `v1.…`
    /// value to put in the settings instead of the plain secret (e.g. telegram.bot_token).
    Seal {
        /// The setting the value is for (it is sealed to that name: telegram.bot_token).
        setting: String,
    },
    /// A local Telegram Bot API (the published methods) for development and the demo: getMe,
    /// sendMessage, getUpdates, setWebhook, setChatMenuButton…; write as a user with
    /// `POST /sim/updates`, read what the bot sent at `GET /sim/sent`.
    TelegramSim {
        /// Where to listen.
        #[arg(long, default_value = "127.0.0.1:8094")]
        listen: SocketAddr,
        /// The bot token it accepts (BotFather's shape: <bot id>:<secret>).
        #[arg(long, default_value = "7000000001:AAE-dev-sim-token")]
        token: String,
        /// The bot's username.
        #[arg(long, default_value = "pos_dev_bot")]
        username: String,
    },
    /// A local Eskiz SMS service (the published protocol) for development.
    EskizSim {
        /// Where to listen.
        #[arg(long, default_value = "127.0.0.1:8090")]
        listen: SocketAddr,
        /// Account e-mail it accepts.
        #[arg(long, default_value = "dev@example.uz")]
        email: String,
        /// Account password it accepts.
        #[arg(long, default_value = "dev-password")]
        password: String,
    },
}

#[derive(Subcommand)]
enum SimProvider {
    /// Payme: the checkout page, then CheckPerformTransaction → CreateTransaction → PerformTransaction to the cloud.
    Payme {
        /// Where to listen.
        #[arg(long, default_value = "127.0.0.1:8091")]
        listen: SocketAddr,
    },
    /// Click: the payment page, then Prepare → Complete to the cloud.
    Click {
        /// Where to listen.
        #[arg(long, default_value = "127.0.0.1:8092")]
        listen: SocketAddr,
    },
    /// Multicard: /auth, /payment/invoice, refunds, signed callbacks.
    Multicard {
        /// Where to listen.
        #[arg(long, default_value = "127.0.0.1:8093")]
        listen: SocketAddr,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Reset an owner's password: prints a temporary one; the next sign-in must choose a new one.
    ResetPassword {
        /// The owner's phone, +998XXXXXXXXX.
        phone: String,
    },
    /// Move an owner's business to another tariff (start, biznes, pro).
    SetTariff {
        /// The owner's phone.
        phone: String,
        /// Tariff code.
        tariff: String,
    },
    /// Add a platform administrator (signs in at /admin/login): prints a temporary password
    /// that the first sign-in must replace.
    AddAdmin {
        /// Sign-in name: 3 to 32 of a-z, 0-9, '.', '_', '-'.
        login: String,
        /// Full name, shown in the audit log.
        #[arg(long)]
        name: String,
    },
    /// Onboard a business by its owner's phone (no SMS): prints a temporary password that the
    /// first sign-in must replace.
    AddOwner {
        /// The owner's phone, +998XXXXXXXXX.
        phone: String,
        /// Ism.
        #[arg(long)]
        first_name: String,
        /// Familiya.
        #[arg(long)]
        last_name: String,
        /// Biznes nomi.
        #[arg(long)]
        business: String,
        /// Tariff code (default: start).
        #[arg(long)]
        tariff: Option<String>,
    },
    /// Create an invoice for an owner's business; prints one JSON line (invoice_id, amount_tiyin,
    /// payme_account, click_merchant_trans_id, amount_som).
    Invoice {
        /// The owner's phone.
        phone: String,
        /// Tariff code (biznes, pro; a free tariff has nothing to invoice).
        tariff: String,
        /// month or year.
        #[arg(long)]
        period: String,
    },
    /// Suspend an owner's subscription: the portal turns read-only, hubs refuse new pairings,
    /// sales go on.
    Suspend {
        /// The owner's phone.
        phone: String,
        /// Why (kept, shown to administrators, written to the audit log).
        #[arg(long)]
        reason: String,
    },
    /// Resume a suspended subscription.
    Resume {
        /// The owner's phone.
        phone: String,
    },
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let Ok(mut term) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) else {
            let _ = tokio::signal::ctrl_c().await;
            return;
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Binds a simulator's port and says where it is.
async fn bind_sim(name: &str, listen: SocketAddr) -> anyhow::Result<tokio::net::TcpListener> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    println!("{name} simulator on http://{}", listener.local_addr()?);
    Ok(listener)
}

/// Runs one `cloud admin …` command; every one is written to the audit log.
async fn run_admin(
    state: &cloud::http::AppState,
    command: AdminCommand,
    actor: &cloud::admin::Actor,
) -> anyhow::Result<()> {
    use cloud::admin;
    match command {
        AdminCommand::ResetPassword { phone } => {
            let temporary = admin::reset_password(state, &phone, actor)
                .await
                .map_err(|e| anyhow::anyhow!("cannot reset the password for {phone}: {e}"))?;
            println!("Temporary password for {phone}: {temporary}");
            println!("Every session of this owner has ended; the next sign-in must choose a new password.");
        }
        AdminCommand::SetTariff { phone, tariff } => {
            let business = admin::set_tariff(state, &phone, &tariff, actor).await?;
            println!("{business} is now on tariff {tariff}");
        }
        AdminCommand::AddAdmin { login, name } => {
            let temporary = admin::add_admin(state, &login, &name, actor)
                .await
                .map_err(|e| anyhow::anyhow!("cannot add the administrator {login}: {e}"))?;
            println!("Temporary password for {}: {temporary}", login.trim().to_ascii_lowercase());
            println!("Sign in at /admin/login; the first sign-in must choose a new password.");
        }
        AdminCommand::AddOwner { phone, first_name, last_name, business, tariff } => {
            let done = admin::add_owner(state, &phone, &first_name, &last_name, &business, tariff.as_deref(), actor)
                .await
                .map_err(|e| anyhow::anyhow!("cannot onboard {phone}: {e}"))?;
            println!("Temporary password for {phone}: {}", done.temporary_password);
            println!("Business {} is registered; the first sign-in must choose a new password.", done.business_id);
        }
        AdminCommand::Invoice { phone, tariff, period } => {
            let invoice = admin::invoice(state, &phone, &tariff, &period, actor)
                .await
                .map_err(|e| anyhow::anyhow!("cannot invoice {phone}: {e}"))?;
            let line = admin::InvoiceLine::of(&invoice, &state.settings.billing.payme.account_field);
            println!("{}", serde_json::to_string(&line)?);
        }
        AdminCommand::Suspend { phone, reason } => {
            let business = admin::business_of(state, &phone).await?;
            admin::suspend(state, &business, &reason, actor)
                .await
                .map_err(|e| anyhow::anyhow!("cannot suspend {phone}: {e}"))?;
            println!("The subscription of {phone} is suspended: {}", reason.trim());
        }
        AdminCommand::Resume { phone } => {
            let business = admin::business_of(state, &phone).await?;
            admin::resume(state, &business, actor).await.map_err(|e| anyhow::anyhow!("cannot resume {phone}: {e}"))?;
            println!("The subscription of {phone} is resumed.");
        }
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    init_tracing();
    cloud::install_crypto_provider();
    let cli = Cli::parse();
    let settings = Settings::load(cli.config.as_deref())?;
    match cli.command {
        Command::Serve { dev } => {
            let mut settings = settings;
            settings.development |= dev;
            let sms = cloud::sms_provider(&settings)?;
            let state = cloud::state(settings, sms).await?;
            let cloud = Cloud::start(state).await?;
            shutdown_signal().await;
            cloud.shutdown().await?;
        }
        Command::Admin { command } => {
            let state = cloud::state(settings, Arc::new(cloud::sms::LogSms::default())).await?;
            let actor = cloud::admin::Actor::cli();
            let done = run_admin(&state, command, &actor).await;
            state.db.close().await;
            done?;
        }
        Command::ProviderSim { provider } => {
            use cloud::billing::sim;
            let settings = Arc::new(settings);
            match provider {
                SimProvider::Payme { listen } => {
                    sim::payme::serve(bind_sim("Payme", listen).await?, settings, shutdown_signal()).await?;
                }
                SimProvider::Click { listen } => {
                    sim::click::serve(bind_sim("Click", listen).await?, settings, shutdown_signal()).await?;
                }
                SimProvider::Multicard { listen } => {
                    sim::multicard::serve(bind_sim("Multicard", listen).await?, settings, shutdown_signal()).await?;
                }
            }
        }
        Command::Seal { setting } => {
            let mut plain = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut plain)?;
            let plain = plain.trim();
            anyhow::ensure!(!plain.is_empty(), "nothing to seal: give the secret on standard input");
            let vault = cloud::vault::Vault::load(settings.secret_key.expose(), &settings.data_dir)?;
            println!("{}", vault.seal(plain, setting.trim())?);
        }
        Command::TelegramSim { listen, token, username } => {
            let sim = cloud::telegram::sim::BotSim::new(&token, &username);
            let listener = tokio::net::TcpListener::bind(listen).await?;
            println!("Telegram Bot API simulator on http://{} (bot @{username})", listener.local_addr()?);
            cloud::telegram::sim::serve(listener, sim, shutdown_signal()).await?;
        }
        Command::EskizSim { listen, email, password } => {
            let sim = cloud::sms::eskiz_sim::EskizSim::new(&email, &password);
            let listener = tokio::net::TcpListener::bind(listen).await?;
            println!("Eskiz simulator on http://{}/api (account {email})", listener.local_addr()?);
            axum::serve(listener, sim.router()).with_graceful_shutdown(shutdown_signal()).await?;
        }
    }
    Ok(())
}

//! `paylinks list`: a provider's links, page after page, one line each as it arrives, so the
//! output streams into `jq` or a file without waiting for the end.

use std::process::ExitCode;

use futures_util::StreamExt;
use paylinks_core::{LinkFilter, Listing};

use crate::args::ListArgs;
use crate::commands::instant;
use crate::failure::Failure;
use crate::output;
use crate::progress::Progress;
use crate::target::Host;

/// `paylinks list`.
pub(crate) async fn run(args: ListArgs) -> ExitCode {
    let (provider, json) = (args.provider, args.json);
    match list(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => output::report(Some(provider.as_str()), json, &failure),
    }
}

/// Reads the flags, walks the list and prints each link as it arrives, until the list ends,
/// `--limit` links are printed, or the reader goes away. A provider that lists nothing (P100)
/// yields only `unsupported` (exit 2), before anything is sent.
async fn list(args: ListArgs) -> Result<(), Failure> {
    let mut filter = LinkFilter::new();
    if let Some(since) = &args.since {
        filter = filter.created_since(instant("--since", since)?);
    }
    if let Some(status) = args.status {
        filter = filter.status(status.into());
    }
    let host = Host::of(&args.target, args.provider).await?;
    let client = host.source().client(args.provider)?;
    if let Some(customer) = args.customer {
        // A provider that lists nothing says so when listed.
        if client.capabilities().listing == Listing::All {
            return Err(Failure::usage(
                "--customer",
                format!(
                    "{} lists every link at once; --customer is for a provider that lists one \
                     customer's at a time (payio)",
                    args.provider
                ),
            ));
        }
        filter = filter.customer(customer);
    }
    let mut links = client.list_links(&filter);
    let mut progress = Progress::start("paylinks list");
    let mut printed = 0;
    while args.limit.is_none_or(|limit| printed < limit) {
        let Some(link) = links.next().await else {
            break;
        };
        let link = link?;
        let text = if args.json {
            format!("{}\n", output::link_json(&link))
        } else {
            output::link_line(&link)
        };
        if !output::stream(&text)? {
            break;
        }
        printed += 1;
        if let Some(progress) = &mut progress {
            progress.link();
        }
    }
    if let Some(progress) = progress {
        progress.finish();
    }
    Ok(())
}

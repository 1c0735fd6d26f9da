//! Emitting Rust from the IR. Every token is built with `quote!`; `prettyplease` formats the
//! result, and a plain comment header marks the file as generated.

mod cases;
mod consts;
mod errors;
mod models;
mod registry;
mod schema;
mod timings;
mod types;
mod validators;

use crate::cases::Case;
use crate::ir::{Api, Operation};
use crate::names;
use proc_macro2::TokenStream;
use quote::quote;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;
pub use timings::Timings;

/// How to emit.
#[derive(Debug, Clone)]
pub struct Options {
    /// The path generated code uses for the runtime, for example `::conform_generated::runtime`.
    pub runtime: String,
    /// File names in the header are shown relative to this folder.
    pub spec_root: Option<PathBuf>,
    /// The seed of the values the conformance cases draw from patterns.
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            runtime: "::conform_generated::runtime".to_string(),
            spec_root: None,
            seed: crate::cases::DEFAULT_SEED,
        }
    }
}

/// Why bindings could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum EmitError {
    #[error("the runtime `{path}` is not a Rust path: {source}")]
    RuntimePath {
        path: String,
        #[source]
        source: syn::Error,
    },
    /// The emitter needs a name the lowering never assigned: a bug in conform-codegen.
    #[error(transparent)]
    Unnamed(#[from] crate::ir::Unnamed),
    /// An operation's formatted module is not laid out as the joining expects: a bug in
    /// conform-codegen.
    #[error(
        "the generator could not join the formatted operations (a bug in conform-codegen): {0}"
    )]
    Layout(String),
    /// The cases could not be written as data: a bug in conform-codegen.
    #[error("the generator could not write the cases as data (a bug in conform-codegen): {0}")]
    Cases(#[source] serde_json::Error),
    /// The emitter wrote tokens that do not parse as a Rust file: a bug in conform-codegen.
    #[error("the generator emitted invalid Rust (a bug in conform-codegen): {0}")]
    InvalidRust(#[source] syn::Error),
}

/// The formatted Rust source for `api`, with its `@generated` header.
///
/// Each operation is derived, emitted, parsed and formatted on its own, inside its service's
/// module so that it is laid out exactly as it would be in the whole file, and the pieces are
/// joined in the API's order. Memory stays that of one operation, and the operations share the
/// machine's cores; the text is the same whatever the number of threads.
pub fn generate(api: &Api, options: &Options) -> Result<String, EmitError> {
    generate_timed(api, options).map(|(source, _)| source)
}

/// [`generate`], with where its time went: what `conform generate --timings` prints.
pub fn generate_timed(api: &Api, options: &Options) -> Result<(String, Timings), EmitError> {
    let runtime = runtime_path(&options.runtime)?;
    let head = header(api, options.spec_root.as_deref());
    let registry = format(registry::all(api, &runtime))?;
    let pieces = api
        .operations
        .par_iter()
        .map(|op| {
            let mut timings = Timings::default();
            let mut clock = Instant::now();
            let mut lap = |stage: &mut std::time::Duration| {
                let now = Instant::now();
                *stage += now - clock;
                clock = now;
            };
            let cases = crate::cases::derive_operation(op, options.seed);
            lap(&mut timings.derive);
            // Tokens cannot cross threads, so each operation parses the runtime path itself.
            let runtime = runtime_path(&options.runtime)?;
            let own: Vec<&Case> = cases.iter().collect();
            let tokens = in_service(op, &operation(op, &own, &runtime)?);
            lap(&mut timings.emit);
            let file: syn::File = syn::parse2(tokens).map_err(EmitError::InvalidRust)?;
            lap(&mut timings.parse);
            let text = prettyplease::unparse(&file);
            lap(&mut timings.format);
            Ok((text, timings))
        })
        .collect::<Result<Vec<(String, Timings)>, EmitError>>()?;
    let joining = Instant::now();
    let mut timings = Timings {
        operations: api.operations.len(),
        threads: rayon::current_num_threads(),
        ..Timings::default()
    };
    let mut texts = Vec::with_capacity(pieces.len());
    for (text, spent) in pieces {
        timings += spent;
        texts.push(text);
    }
    let source = join(api, &head, &registry, texts)?;
    timings.join = joining.elapsed();
    Ok((source, timings))
}

/// The header, the registry and each operation's formatted module, with each service's opening
/// and closing lines written once around its operations.
fn join(api: &Api, head: &str, registry: &str, texts: Vec<String>) -> Result<String, EmitError> {
    // The whole text is sized once, and each operation's piece is dropped once it is copied.
    let size = head.len() + registry.len() + texts.iter().map(String::len).sum::<usize>();
    let mut out = String::with_capacity(size);
    out.push_str(head);
    out.push_str(registry);
    let mut open: Option<&str> = None;
    for (op, text) in api.operations.iter().zip(texts) {
        let opening = format!("pub mod {} {{\n", names::ident(&op.rust.service_module));
        let (start, body) = split_opening(&text, &opening)
            .ok_or_else(|| EmitError::Layout(format!("no `{}` line", opening.trim_end())))?;
        let body = body.strip_suffix("}\n").ok_or_else(|| {
            EmitError::Layout(format!(
                "the module of `{}` does not end with `}}`",
                op.name
            ))
        })?;
        if open != Some(op.service.as_str()) {
            if open.is_some() {
                out.push_str("}\n");
            }
            out.push_str(start);
            open = Some(&op.service);
        }
        out.push_str(body);
    }
    if open.is_some() {
        out.push_str("}\n");
    }
    Ok(out)
}

/// The runtime path as tokens.
fn runtime_path(path: &str) -> Result<TokenStream, EmitError> {
    let parsed: syn::Path = syn::parse_str(path).map_err(|source| EmitError::RuntimePath {
        path: path.to_string(),
        source,
    })?;
    Ok(quote!(#parsed))
}

/// `tokens` parsed as a file and formatted.
fn format(tokens: TokenStream) -> Result<String, EmitError> {
    let file: syn::File = syn::parse2(tokens).map_err(EmitError::InvalidRust)?;
    Ok(prettyplease::unparse(&file))
}

/// The module of `op`, inside the module of its service (with the service's doc comment).
fn in_service(op: &Operation, operation: &TokenStream) -> TokenStream {
    let module = names::ident(&op.rust.service_module);
    let doc = service_doc(&op.service, op.service_title.as_deref());
    quote! {
        #doc
        pub mod #module {
            #operation
        }
    }
}

fn service_doc(service: &str, title: Option<&str>) -> TokenStream {
    match title {
        Some(title) => doc(&format!("Operations of the `{service}` service: {title}.")),
        None => doc(&format!("Operations of the `{service}` service.")),
    }
}

/// `text` cut after its `opening` line: the service's doc comment and opening line, and the rest.
fn split_opening<'t>(text: &'t str, opening: &str) -> Option<(&'t str, &'t str)> {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        at += line.len();
        if line == opening {
            return Some(text.split_at(at));
        }
    }
    None
}

fn header(api: &Api, root: Option<&Path>) -> String {
    let mut out = String::from(
        "// @generated by conform-codegen. Do not edit: edit the spec and rebuild.\n// Sources:\n",
    );
    for op in &api.operations {
        let shown = root
            .and_then(|root| op.file.strip_prefix(root).ok())
            .unwrap_or(&op.file);
        let shown = shown.to_string_lossy().replace('\\', "/");
        out.push_str("// - ");
        out.push_str(&shown);
        out.push('\n');
    }
    out.push('\n');
    out
}

fn operation(
    op: &Operation,
    cases: &[&Case],
    runtime: &TokenStream,
) -> Result<TokenStream, EmitError> {
    let module = names::ident(&op.rust.module);
    let mut text = format!("`{}.{}`: {}", op.service, op.name, op.title);
    if let Some(summary) = &op.summary {
        text.push_str("\n\n");
        text.push_str(summary);
    }
    text.push_str(&format!("\n\nDocumentation: <{}>", op.documentation));
    let doc = doc(&text);
    // The module imports the runtime as `rt`, and everything inside it names the runtime so.
    let rt = quote!(rt);
    let consts = consts::emit(op);
    let models = models::emit(op, &rt)?;
    let schema = schema::emit(op, &rt)?;
    let validators = validators::emit(op, &rt)?;
    let errors = errors::emit(op, &rt)?;
    let cases = cases::emit(cases, &rt)?;
    let registry = registry::operation(op, &rt)?;
    Ok(quote! {
        #doc
        pub mod #module {
            use #runtime as rt;
            #consts
            #models
            #schema
            #validators
            #errors
            #cases
            #registry
        }
    })
}

/// A `#[doc]` attribute per line of `text`, so the formatter writes `///` comments.
pub(crate) fn doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

pub(crate) fn ident(name: &str) -> proc_macro2::Ident {
    names::ident(name)
}

/// An integer literal without a type suffix (`200`, not `200u16`).
pub(crate) fn number(value: i64) -> TokenStream {
    let literal = proc_macro2::Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote!(-#literal)
    } else {
        quote!(#literal)
    }
}

/// `Some("text")` or `None`, as a fully qualified expression.
pub(crate) fn option_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(v) => quote!(::core::option::Option::Some(#v)),
        None => quote!(::core::option::Option::None),
    }
}

/// The runtime's `ErrorNaming` for `naming`.
pub(crate) fn error_naming(naming: &crate::ir::ErrorNaming, runtime: &TokenStream) -> TokenStream {
    match naming {
        crate::ir::ErrorNaming::Header { header, value } => {
            quote!(#runtime::ErrorNaming::Header { header: #header, value: #value })
        }
        crate::ir::ErrorNaming::Member {
            member,
            status_member,
        } => {
            let status_member = option_str(status_member.as_deref());
            quote!(#runtime::ErrorNaming::Member { member: #member, status_member: #status_member })
        }
    }
}

/// The status member of a problem-details naming, as an `Option<&str>` expression.
pub(crate) fn status_member(naming: &crate::ir::ErrorNaming) -> TokenStream {
    match naming {
        crate::ir::ErrorNaming::Member { status_member, .. } => {
            option_str(status_member.as_deref())
        }
        crate::ir::ErrorNaming::Header { .. } => option_str(None),
    }
}

//! Deliberate defects the mock can switch on, so the runner's power to catch them can be tested.

use clap::ValueEnum;

/// A defect `conform mock --fault NAME` puts into its answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ValueEnum)]
pub enum Fault {
    /// Accept a request whose body breaks the schema, answering as if it were valid.
    AcceptInvalid,
    /// Answer a validation error with 422 instead of the documented 400.
    WrongValidationStatus,
    /// Send a success body that breaks the response schema (a bad ConnectionId, a non-UUID id).
    BadResponseSchema,
    /// Leave out what names the error: the X-Amzn-ErrorType header, or the errorCode member.
    MissingErrorType,
    /// Answer a created Veeam connection with 200 instead of the documented 201.
    WrongSuccessStatus,
    /// Skip the authentication check: accept requests without credentials.
    SkipAuth,
    /// Answer 500 when a member sits at its maxLength or maximum.
    #[value(name = "boundary-500")]
    Boundary500,
    /// Wait 30 seconds before answering, longer than a client's timeout.
    Slow,
}

impl Fault {
    pub fn name(self) -> String {
        self.to_possible_value()
            .map(|v| v.get_name().to_string())
            .unwrap_or_default()
    }
}

/// The faults switched on, for quick questions.
#[derive(Debug, Clone, Default)]
pub struct Faults(Vec<Fault>);

impl Faults {
    pub fn new(mut faults: Vec<Fault>) -> Self {
        faults.sort();
        faults.dedup();
        Faults(faults)
    }

    pub fn on(&self, fault: Fault) -> bool {
        self.0.contains(&fault)
    }

    pub fn list(&self) -> &[Fault] {
        &self.0
    }
}

//! Resource families: the resource noun each operation acts on, which names
//! the Cargo feature that compiles it (`CreateHyperParameterTuningJob` →
//! `hyperparameter_tuning`, `DescribeEndpointConfig` → `endpoint`).
//!
//! The rule, applied to the operation names of every revision of a crate:
//!
//! 1. The name is split into words; a leading `Batch`, then one verb, and a
//!    trailing `V2`-style version are dropped. Adjectives (`Presigned`,
//!    `Subscribed`) and the service's own name (`Sagemaker`) before the noun go
//!    too. An operation that is only a verb (`Search`) is its own noun.
//! 2. `X For Y` acts on `Y` when `Y` is some operation's noun
//!    (`ListTrainingJobsForHyperParameterTuningJob`), else on `X`
//!    (`DescribePipelineDefinitionForExecution`).
//! 3. A plural last word becomes the singular that another operation's noun
//!    spells (`ListHumanTaskUis` → `HumanTaskUi`), else by the English rule.
//! 4. A noun that is another noun followed by part words (`Config`, `Group`,
//!    `Policy`, `Version`, `ExportJob`, …; [`PART_WORDS`]) joins it, repeatedly:
//!    `ModelPackageGroupPolicy` → `ModelPackageGroup` → `ModelPackage`.
//!    A noun no `Create` operation makes, left alone by that, joins the created
//!    noun it shares the longest first words with when the rest are part
//!    words: `MonitoringAlert` → `MonitoringSchedule`.
//! 5. A trailing `Job` or `JobDefinition` is dropped (`TrainingJob` →
//!    `training`, `ModelBiasJobDefinition` → `model_bias`).
//! 6. The words are written in snake case as the operations' documentation
//!    spells them (`AutoML` → `automl`, "hyperparameter tuning" →
//!    `hyperparameter_tuning`), the newest revision's documentation first;
//!    where it never does, at the name's own word breaks.
//!
//! Every fact comes from the names and documentation of the model, so a new
//! operation lands in its family without a table to update, and an operation
//! keeps its family in every revision.

use crate::smithy::{shape_name, traits, Model};
use heck::ToSnakeCase;
use std::collections::{BTreeMap, BTreeSet};

/// The verbs operation names start with.
const VERBS: &[&str] = &[
    "add",
    "associate",
    "attach",
    "cancel",
    "create",
    "delete",
    "deploy",
    "deregister",
    "describe",
    "detach",
    "disable",
    "disassociate",
    "enable",
    "export",
    "get",
    "import",
    "invoke",
    "list",
    "put",
    "query",
    "register",
    "render",
    "retry",
    "search",
    "send",
    "start",
    "stop",
    "update",
    "upgrade",
];

/// Words that qualify the noun after the verb rather than name a resource.
const ADJECTIVES: &[&str] = &["presigned", "subscribed"];

/// Words that name a part, a view or a version of the resource before them.
pub const PART_WORDS: &[&str] = &[
    "alert",
    "and",
    "capacity",
    "config",
    "content",
    "definition",
    "execution",
    "export",
    "failure",
    "fleet",
    "group",
    "history",
    "job",
    "metadata",
    "node",
    "parameter",
    "policy",
    "report",
    "runtime",
    "schedule",
    "software",
    "status",
    "step",
    "success",
    "suggestion",
    "summary",
    "url",
    "version",
    "weight",
    "weights",
];

/// The Cargo features of a crate's resource families, for every operation of
/// any of its revisions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResourceFamilies {
    by_operation: BTreeMap<String, String>,
}

impl ResourceFamilies {
    /// The families of every operation of `models` (in date order; the newest
    /// documentation spells the names first). `reserved` are feature names
    /// already taken; a family that would take one gets `-ops` after it.
    pub fn new(models: &[&Model], reserved: &[&str]) -> Self {
        let mut documentation: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        let mut service_words = BTreeSet::new();
        for model in models.iter().rev() {
            for id in model.operations() {
                let doc =
                    model.shapes.get(id).and_then(|s| s.traits.get(traits::DOCUMENTATION)).and_then(|d| d.as_str());
                documentation.entry(shape_name(id).to_owned()).or_default().extend(doc);
            }
            if let Some((id, service)) = model.service() {
                service_words.insert(letters(shape_name(id)));
                let sdk_id =
                    service.traits.get("aws.api#service").and_then(|s| s.get("sdkId")).and_then(|s| s.as_str());
                service_words.extend(sdk_id.map(letters));
            }
        }
        let names: Vec<OperationName> =
            documentation.keys().map(|name| OperationName::parse(name, &service_words)).collect();
        let nouns: BTreeSet<Vec<String>> = names.iter().map(|n| n.noun.clone()).collect();
        let names: Vec<OperationName> = names.into_iter().map(|n| n.singular(&nouns)).collect();
        let nouns: BTreeSet<Vec<String>> = names.iter().map(|n| n.noun.clone()).collect();
        let created: BTreeSet<Vec<String>> =
            names.iter().filter(|n| n.verb.as_deref() == Some("create")).map(|n| n.noun.clone()).collect();

        let mut family_words: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for name in &names {
            let subject = match &name.of {
                Some(of) if nouns.contains(of) => of.clone(),
                _ => name.noun.clone(),
            };
            let mut words = join_parent(&subject, &nouns);
            if !created.contains(&words) {
                if let Some(created) = created_sibling(&words, &created) {
                    words = join_parent(created, &nouns);
                }
            }
            if words.len() > 2 && words.ends_with(&["job".to_owned(), "definition".to_owned()]) {
                words.truncate(words.len() - 2);
            } else if words.len() > 1 && words.last().is_some_and(|w| w == "job") {
                words.pop();
            }
            family_words.insert(&name.name, words);
        }

        let mut spelled: BTreeMap<Vec<String>, String> = BTreeMap::new();
        let mut by_operation = BTreeMap::new();
        for (operation, words) in &family_words {
            if !spelled.contains_key(words) {
                let docs = family_words
                    .iter()
                    .filter(|(_, w)| *w == words)
                    .flat_map(|(op, _)| documentation.get(*op).into_iter().flatten().copied());
                let feature = spelling(words, docs).join("_");
                let feature = if reserved.contains(&feature.as_str()) { format!("{feature}-ops") } else { feature };
                spelled.insert(words.clone(), feature);
            }
            by_operation.insert((*operation).to_owned(), spelled[words].clone());
        }
        ResourceFamilies { by_operation }
    }

    /// The feature of an operation, by its shape name (`CreateTrainingJob`).
    pub fn of(&self, operation: &str) -> Option<&str> {
        self.by_operation.get(operation).map(String::as_str)
    }

    /// Every feature with the operations (shape names) it enables, in order.
    pub fn features(&self) -> BTreeMap<&str, Vec<&str>> {
        let mut features: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (operation, feature) in &self.by_operation {
            features.entry(feature).or_default().push(operation);
        }
        features
    }
}

/// An operation name taken apart.
#[derive(Debug, Clone)]
struct OperationName {
    name: String,
    verb: Option<String>,
    /// What the operation acts on, lower-case words.
    noun: Vec<String>,
    /// `Y` of `X For Y`.
    of: Option<Vec<String>>,
}

impl OperationName {
    fn parse(name: &str, service_words: &BTreeSet<String>) -> Self {
        let mut words: Vec<String> =
            name.to_snake_case().split('_').filter(|w| !w.is_empty()).map(str::to_owned).collect();
        if words.len() > 1 && words.last().is_some_and(|w| is_version_word(w)) {
            words.pop();
        }
        if words.len() > 1 && words[0] == "batch" {
            words.remove(0);
        }
        let mut verb = None;
        if words.len() > 1 && VERBS.contains(&words[0].as_str()) {
            verb = Some(words.remove(0));
        }
        while words.len() > 1 && (ADJECTIVES.contains(&words[0].as_str()) || service_words.contains(&words[0])) {
            words.remove(0);
        }
        let mut of = None;
        if let Some(at) = words.iter().position(|w| w == "for").filter(|at| *at > 0 && at + 1 < words.len()) {
            of = Some(words.split_off(at + 1));
            words.pop();
        }
        OperationName { name: name.to_owned(), verb, noun: words, of }
    }

    /// The same name with its nouns' last words singular.
    fn singular(mut self, nouns: &BTreeSet<Vec<String>>) -> Self {
        self.noun = singular_noun(&self.noun, nouns);
        self.of = self.of.map(|of| singular_noun(&of, nouns));
        self
    }
}

fn is_version_word(word: &str) -> bool {
    word.len() > 1 && word.starts_with('v') && word[1..].bytes().all(|b| b.is_ascii_digit())
}

/// `noun` with its last word singular: the singular another noun spells, else
/// the English rule's.
fn singular_noun(noun: &[String], nouns: &BTreeSet<Vec<String>>) -> Vec<String> {
    let Some((last, first)) = noun.split_last() else { return noun.to_vec() };
    let mut candidates = Vec::new();
    if let Some(stem) = last.strip_suffix("ies") {
        candidates.push(format!("{stem}y"));
    }
    if last.ends_with("ses") || last.ends_with("xes") {
        candidates.push(last[..last.len() - 2].to_owned());
    }
    if last.ends_with('s') && !last.ends_with("ss") {
        candidates.push(last[..last.len() - 1].to_owned());
    }
    let with = |word: &String| first.iter().cloned().chain([word.clone()]).collect::<Vec<_>>();
    if let Some(found) = candidates.iter().map(with).find(|c| nouns.contains(c)) {
        return found;
    }
    let english = candidates.first().filter(|_| last.len() > 3 && !last.ends_with("us") && !last.ends_with("is"));
    english.map(with).unwrap_or_else(|| noun.to_vec())
}

/// The noun a noun joins: the longest other noun it starts with, the rest
/// being part words, followed to its own parent.
fn join_parent(noun: &[String], nouns: &BTreeSet<Vec<String>>) -> Vec<String> {
    for cut in (1..noun.len()).rev() {
        let (parent, rest) = noun.split_at(cut);
        if rest.iter().all(|w| PART_WORDS.contains(&w.as_str())) && nouns.contains(parent) {
            return join_parent(parent, nouns);
        }
    }
    noun.to_vec()
}

/// The created noun sharing the most first words with `noun`, the rest of
/// `noun` being part words.
fn created_sibling<'a>(noun: &[String], created: &'a BTreeSet<Vec<String>>) -> Option<&'a Vec<String>> {
    let mut best: Option<(usize, &Vec<String>)> = None;
    for candidate in created {
        let shared = candidate.iter().zip(noun).take_while(|(a, b)| a == b).count();
        let rest_is_part = noun[shared..].iter().all(|w| PART_WORDS.contains(&w.as_str()));
        if shared >= 1 && shared < noun.len() && rest_is_part && best.is_none_or(|(n, _)| shared > n) {
            best = Some((shared, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The lower-case letters and digits of a name: `SageMaker` → `sagemaker`.
fn letters(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// `words` as the documentation spells them most often: runs of its prose
/// words (outside HTML tags, not identifiers) whose letters are those of
/// `words` and that join some of them (`auto ml` → `automl`) but never split
/// one; `words` itself when no run does. Ties go to fewer words.
fn spelling<'a>(words: &[String], docs: impl Iterator<Item = &'a str>) -> Vec<String> {
    let target: String = words.concat();
    // The offsets in `target` where the name's words start.
    let breaks: BTreeSet<usize> = words.iter().scan(0, |at, w| Some(std::mem::replace(at, *at + w.len()))).collect();
    let mut counts: BTreeMap<Vec<String>, usize> = BTreeMap::new();
    for doc in docs {
        let tokens = prose_words(doc);
        for start in 0..tokens.len() {
            let mut letters = String::new();
            for (end, token) in tokens.iter().enumerate().skip(start) {
                let Some(token) = token else { break };
                if !breaks.contains(&letters.len()) {
                    break;
                }
                letters.push_str(token);
                if letters == target {
                    let run: Vec<String> = tokens[start..=end].iter().flatten().cloned().collect();
                    *counts.entry(run).or_default() += 1;
                    break;
                }
                if !target.starts_with(&letters) {
                    break;
                }
            }
        }
    }
    let best = counts.into_iter().max_by(|(a, m), (b, n)| m.cmp(n).then(b.len().cmp(&a.len())).then(b.cmp(a)));
    best.map_or_else(|| words.to_vec(), |(run, _)| run)
}

/// The lower-case words of a documentation string outside its HTML tags;
/// `None` for an identifier (`FeatureGroup`: a capital after a lower-case
/// letter and before another), which is code rather than prose.
fn prose_words(doc: &str) -> Vec<Option<String>> {
    fn finish(word: &mut String, words: &mut Vec<Option<String>>) {
        if word.is_empty() {
            return;
        }
        let chars: Vec<char> = word.chars().collect();
        let identifier = chars
            .windows(3)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase() && w[2].is_ascii_lowercase());
        words.push((!identifier).then(|| word.to_ascii_lowercase()));
        word.clear();
    }
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_tag = false;
    for c in doc.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag && c.is_ascii_alphanumeric() => {
                word.push(c);
                continue;
            }
            _ => {}
        }
        finish(&mut word, &mut words);
    }
    finish(&mut word, &mut words);
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(operations: &[(&str, &str)]) -> Model {
        let mut shapes = serde_json::Map::new();
        let ids: Vec<serde_json::Value> =
            operations.iter().map(|(name, _)| serde_json::json!({ "target": format!("ex#{name}") })).collect();
        shapes.insert(
            "ex#SageMaker".into(),
            serde_json::json!({ "type": "service", "version": "1", "operations": ids,
                "traits": { "aws.api#service": { "sdkId": "SageMaker" } } }),
        );
        for (name, doc) in operations {
            shapes.insert(
                format!("ex#{name}"),
                serde_json::json!({ "type": "operation", "traits": { "smithy.api#documentation": doc } }),
            );
        }
        crate::smithy::from_json("test.json", &serde_json::json!({ "smithy": "2.0", "shapes": shapes }))
            .expect("a valid model")
    }

    fn families(operations: &[(&str, &str)]) -> BTreeMap<String, String> {
        let model = model(operations);
        let families = ResourceFamilies::new(&[&model], &["client"]);
        operations.iter().map(|(name, _)| ((*name).to_owned(), families.of(name).unwrap_or("?").to_owned())).collect()
    }

    #[test]
    fn families_are_the_resource_nouns_as_the_documentation_spells_them() {
        let found = families(&[
            ("CreateHyperParameterTuningJob", "<p>Starts a hyperparameter tuning job.</p>"),
            ("ListTrainingJobsForHyperParameterTuningJob", "<p>Gets a list of training jobs.</p>"),
            ("CreateTrainingJob", "<p>Starts a model training job.</p>"),
            ("CreateAutoMLJobV2", "<p>Creates an AutoML job.</p>"),
            ("ListCandidatesForAutoMLJob", ""),
            ("CreateModel", ""),
            ("CreateModelPackage", ""),
            ("CreateModelPackageGroup", ""),
            ("PutModelPackageGroupPolicy", ""),
            ("CreateModelBiasJobDefinition", ""),
            ("CreateMonitoringSchedule", ""),
            ("ListMonitoringAlertHistory", ""),
            ("CreateEndpoint", ""),
            ("CreateEndpointConfig", ""),
            ("CreateHumanTaskUi", ""),
            ("ListHumanTaskUis", ""),
            ("CreatePresignedNotebookInstanceUrl", ""),
            ("CreateNotebookInstance", ""),
            ("EnableSagemakerServicecatalogPortfolio", "<p>Enables using Service Catalog in SageMaker.</p>"),
            ("DescribePipelineDefinitionForExecution", ""),
            ("CreatePipeline", ""),
            ("Search", ""),
            ("GetSearchSuggestions", ""),
            ("CreateClient", ""),
        ]);
        let expected = [
            ("CreateHyperParameterTuningJob", "hyperparameter_tuning"),
            ("ListTrainingJobsForHyperParameterTuningJob", "hyperparameter_tuning"),
            ("CreateTrainingJob", "training"),
            ("CreateAutoMLJobV2", "automl"),
            ("ListCandidatesForAutoMLJob", "automl"),
            ("CreateModel", "model"),
            ("CreateModelPackage", "model_package"),
            ("CreateModelPackageGroup", "model_package"),
            ("PutModelPackageGroupPolicy", "model_package"),
            ("CreateModelBiasJobDefinition", "model_bias"),
            ("CreateMonitoringSchedule", "monitoring_schedule"),
            ("ListMonitoringAlertHistory", "monitoring_schedule"),
            ("CreateEndpoint", "endpoint"),
            ("CreateEndpointConfig", "endpoint"),
            ("CreateHumanTaskUi", "human_task_ui"),
            ("ListHumanTaskUis", "human_task_ui"),
            ("CreatePresignedNotebookInstanceUrl", "notebook_instance"),
            ("CreateNotebookInstance", "notebook_instance"),
            ("EnableSagemakerServicecatalogPortfolio", "servicecatalog_portfolio"),
            ("DescribePipelineDefinitionForExecution", "pipeline"),
            ("CreatePipeline", "pipeline"),
            ("Search", "search"),
            ("GetSearchSuggestions", "search"),
            ("CreateClient", "client-ops"),
        ];
        let expected: BTreeMap<String, String> =
            expected.iter().map(|(op, feature)| ((*op).to_owned(), (*feature).to_owned())).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn spelling_follows_the_documentation_prose_words_that_join_the_name_words() {
        let words = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        let spelled = |name: &str, docs: &[&str]| spelling(&words(name), docs.iter().copied()).join(" ");
        assert_eq!(spelled("auto ml", &["<p>An <code>AutoML</code> job</p>"]), "automl");
        assert_eq!(
            spelled("hyper parameter tuning", &["a hyper-parameter tuning job", "hyperparameter tuning"]),
            "hyperparameter tuning"
        );
        assert_eq!(
            spelled("hyper parameter", &["hyper parameter", "hyperparameter", "hyperparameter"]),
            "hyperparameter"
        );
        // Identifiers are code, and splits of a name's word are not the name.
        assert_eq!(spelled("feature group", &["a <code>FeatureGroup</code>"]), "feature group");
        assert_eq!(spelled("workteam", &["a private work team"]), "workteam");
        assert_eq!(spelled("model", &["<model>"]), "model");
    }
}

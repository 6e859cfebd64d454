/* Date, claim and figure rules: stubs until the checks land; each reports nothing yet. */
#include "rules.h"

int orgcheck_rule_dissolved_before_founded(struct orgcheck_rule_run *run) { (void)run; return 0; }
int orgcheck_rule_outside_lifetime(struct orgcheck_rule_run *run) { (void)run; return 0; }
int orgcheck_rule_relationship_before_party(struct orgcheck_rule_run *run) { (void)run; return 0; }
int orgcheck_rule_date_in_future(struct orgcheck_rule_run *run) { (void)run; return 0; }
int orgcheck_rule_term_reversed(struct orgcheck_rule_run *run) { (void)run; return 0; }
int orgcheck_rule_conflicting_claims(struct orgcheck_rule_run *run) { (void)run; return 0; }
int orgcheck_rule_name_spellings_differ(struct orgcheck_rule_run *run) { (void)run; return 0; }
int orgcheck_rule_acronym_mismatch(struct orgcheck_rule_run *run) { (void)run; return 0; }
int orgcheck_rule_negative_count(struct orgcheck_rule_run *run) { (void)run; return 0; }
int orgcheck_rule_figures_disagree(struct orgcheck_rule_run *run) { (void)run; return 0; }

/* Link and founder rules: stubs until the checks land; each reports nothing yet. */
#include "rules.h"

int orgcheck_rule_one_sided_link(struct orgcheck_rule_run *run) { (void)run; return 0; }
int orgcheck_rule_link_dates_disagree(struct orgcheck_rule_run *run) { (void)run; return 0; }
int orgcheck_rule_cofounding_date_mismatch(struct orgcheck_rule_run *run) { (void)run; return 0; }
int orgcheck_rule_founder_founded_later(struct orgcheck_rule_run *run) { (void)run; return 0; }
int orgcheck_rule_founder_born_later(struct orgcheck_rule_run *run) { (void)run; return 0; }
int orgcheck_rule_founder_sets_differ(struct orgcheck_rule_run *run) { (void)run; return 0; }

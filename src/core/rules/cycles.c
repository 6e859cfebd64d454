/* Cycle rule: organizations that found each other, or whose parent
 * organizations loop back to them.
 *
 * Each kind of link makes a graph over the records, an edge pointing from
 * an organization to its founder (or parent). A cycle is a strongly
 * connected component of more than one record; Tarjan's algorithm finds
 * them all in one pass, linear in records plus links, and runs with an
 * explicit stack so that a chain of 100,000 records cannot overflow the
 * C stack. Each component is reported once, on its record with the
 * smallest id, with the shortest cycle through that record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/rules.h"

#define NONE ((size_t)-1)

/* How many ids a message lists before it says how many more there are. */
#define LISTED_IDS 12

/* An edge from the record whose founder (or parent) it names to that
 * founder (nodes of the graph); holder is the record (an index into the
 * corpus) that states it, at link->pos. */
struct edge {
	size_t from;
	size_t to;
	size_t holder;
	const struct orgcheck_link *link;
};

/* Which links make the graph: founded-by (and co-founded, its inverse)
 * for founding cycles, parent (and child) for parent cycles. The edge
 * of a link points from the founded (or child) organization. */
struct cycle_kind {
	const char *forward;   /* held by the founded / child record */
	const char *backward;  /* held by the founder / parent record */
	const char *relation;  /* how each record of a cycle stands to the next */
	const char *what;      /* "founding", "parent" */
	const char *role;      /* what the first record would be to itself */
};

static const struct cycle_kind cycle_kinds[] = {
	{ ORGCHECK_LINK_FOUNDED_BY, ORGCHECK_LINK_CO_FOUNDED, "was founded by the next", "founding", "founder" },
	{ "parent", "child", "has the next as its parent", "parent", "ancestor" },
};

/* The nodes are the records with an edge of the kind, numbered in
 * record order (so the search meets them in the order it would meet the
 * records): most records found nothing and have no parent, and the
 * search's state is sized by the nodes, not by the corpus. */
struct graph {
	size_t nodes;
	size_t *record_of;    /* node -> index of its record in the corpus */
	size_t *first;        /* edges of node v: edges[first[v] .. first[v + 1]) */
	struct edge *edges;
	size_t edge_count;
};

/* The edges of a kind as the links state them, before they are numbered:
 * from and to are records. */
struct edge_list {
	struct edge *items;
	size_t count;
	size_t capacity;
};

/* Per-node state of Tarjan's algorithm and of the path search. */
struct scc_state {
	size_t *index;        /* discovery order, NONE while unvisited */
	size_t *low;
	size_t *component;    /* NONE while on the stack or unvisited */
	size_t *stack;        /* Tarjan's stack of nodes */
	size_t stack_size;
	size_t *call_node;    /* the explicit call stack: node and next edge */
	size_t *call_edge;
	size_t *members;      /* the nodes of the component being reported */
	size_t *queue;        /* breadth-first search */
	size_t *via;          /* the edge by which the search reached a node */
	size_t *seen;         /* component whose search reached the node */
};

static void graph_release(struct graph *graph)
{
	free(graph->record_of);
	free(graph->first);
	free(graph->edges);
	memset(graph, 0, sizeof(*graph));
}

static void scc_state_release(struct scc_state *s)
{
	free(s->index);
	free(s->low);
	free(s->component);
	free(s->stack);
	free(s->call_node);
	free(s->call_edge);
	free(s->members);
	free(s->queue);
	free(s->via);
	free(s->seen);
	memset(s, 0, sizeof(*s));
}

/* The record at the other end of link, as an index, when it resolves to
 * another record with an id; NONE otherwise (other rules report those). */
static size_t link_target(const struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			  const struct orgcheck_link *link)
{
	const struct orgcheck_record *target = orgcheck_rule_target(run, record, &record->refs.items[link->ref]);

	/* The target is the first record with its id: it has record's id
	 * exactly when it is record's first. */
	if (target == NULL || target == record || target->id == NULL || record->id == NULL ||
	    target == record->first_with_id)
		return NONE;
	return (size_t)(target - run->corpus->records);
}

static int edge_list_add(struct edge_list *list, size_t from, size_t to, size_t holder,
			 const struct orgcheck_link *link)
{
	struct edge *grown = NULL;
	size_t capacity = 0;

	if (list->count == list->capacity) {
		capacity = list->capacity ? list->capacity * 2 : 64;
		grown = realloc(list->items, capacity * sizeof(*grown));
		if (grown == NULL)
			return -1;
		list->items = grown;
		list->capacity = capacity;
	}
	list->items[list->count].from = from;
	list->items[list->count].to = to;
	list->items[list->count].holder = holder;
	list->items[list->count].link = link;
	list->count++;
	return 0;
}

#define KINDS (sizeof(cycle_kinds) / sizeof(cycle_kinds[0]))

/* Every edge of every kind, in one pass over the links: into
 * lists[kind][0] those records state about themselves (founded-by,
 * parent), into lists[kind][1] those stated by the other side
 * (co-founded, child), each in record and document order. */
static int collect_edges(struct edge_list lists[][2], struct orgcheck_rule_run *run)
{
	const struct orgcheck_link_kind *wanted[KINDS][2];
	const struct orgcheck_record *record = NULL;
	const struct orgcheck_link *link = NULL;
	size_t other = NONE;
	size_t i;
	size_t j;
	size_t k;
	int side;

	/* Kinds are rows of the vocabulary table: compared by address. */
	for (k = 0; k < KINDS; k++) {
		wanted[k][0] = orgcheck_vocab_find(cycle_kinds[k].forward);
		wanted[k][1] = orgcheck_vocab_find(cycle_kinds[k].backward);
	}
	for (i = 0; i < run->corpus->count; i++) {
		record = &run->corpus->records[i];
		for (j = 0; j < record->links.count; j++) {
			link = &record->links.items[j];
			run->operations++;
			for (k = 0; k < KINDS; k++) {
				side = link->kind == wanted[k][0] ? 0 : link->kind == wanted[k][1] ? 1 : -1;
				if (side < 0 || link->kind == NULL)
					continue;
				other = link_target(run, record, link);
				if (other != NONE &&
				    edge_list_add(&lists[k][side], side == 0 ? i : other, side == 0 ? other : i, i, link) < 0)
					return orgcheck_error_nomem(run->err);
			}
		}
	}
	return 0;
}

/* Builds the graph of one kind in compressed form from its two lists:
 * each node's edges in the order a cycle is best shown, its record's
 * own statements first (then the other side's), each in record and
 * document order. node_of (one per record, all 0) maps a record to its
 * node + 1 while the graph is built, and is all 0 again after. */
static int graph_build(struct graph *graph, struct orgcheck_rule_run *run, struct edge_list lists[2],
		       size_t *node_of)
{
	const struct edge *raw = NULL;
	struct edge *edge = NULL;
	size_t total = lists[0].count + lists[1].count;
	size_t n = run->corpus->count;
	size_t v;
	size_t e;
	int side;

	memset(graph, 0, sizeof(*graph));
	if (total == 0)
		return 0;
	for (side = 0; side < 2; side++) {
		for (e = 0; e < lists[side].count; e++) {
			node_of[lists[side].items[e].from] = 1;
			node_of[lists[side].items[e].to] = 1;
		}
	}
	for (v = 0; v < n; v++)
		graph->nodes += node_of[v];
	graph->record_of = malloc(graph->nodes * sizeof(*graph->record_of));
	graph->first = calloc(graph->nodes + 2, sizeof(*graph->first));
	graph->edges = malloc(total * sizeof(*graph->edges));
	if (graph->record_of == NULL || graph->first == NULL || graph->edges == NULL) {
		graph_release(graph);
		return orgcheck_error_nomem(run->err);
	}
	graph->nodes = 0;
	for (v = 0; v < n; v++) {
		if (node_of[v] != 0) {
			graph->record_of[graph->nodes] = v;
			node_of[v] = ++graph->nodes;
		}
	}
	/* A counting sort by the edge's first node, stable. */
	for (side = 0; side < 2; side++) {
		for (e = 0; e < lists[side].count; e++)
			graph->first[node_of[lists[side].items[e].from]]++;  /* first[v + 1] */
	}
	for (v = 0; v < graph->nodes; v++)
		graph->first[v + 1] += graph->first[v];
	for (side = 0; side < 2; side++) {
		for (e = 0; e < lists[side].count; e++) {
			raw = &lists[side].items[e];
			run->operations++;
			edge = &graph->edges[graph->first[node_of[raw->from] - 1]++];
			edge->from = node_of[raw->from] - 1;
			edge->to = node_of[raw->to] - 1;
			edge->holder = raw->holder;
			edge->link = raw->link;
		}
	}
	graph->edge_count = total;
	/* first[v] now holds the end of v's edges, the start of v + 1's. */
	for (v = graph->nodes; v > 0; v--)
		graph->first[v] = graph->first[v - 1];
	graph->first[0] = 0;
	for (v = 0; v < graph->nodes; v++)
		node_of[graph->record_of[v]] = 0;
	return 0;
}

static int scc_state_init(struct scc_state *s, size_t n, struct orgcheck_error *err)
{
	size_t v;

	memset(s, 0, sizeof(*s));
	if (n == 0)
		return 0;
	s->index = malloc(n * sizeof(size_t));
	s->low = malloc(n * sizeof(size_t));
	s->component = malloc(n * sizeof(size_t));
	s->stack = malloc(n * sizeof(size_t));
	s->call_node = malloc(n * sizeof(size_t));
	s->call_edge = malloc(n * sizeof(size_t));
	s->members = malloc(n * sizeof(size_t));
	s->queue = malloc(n * sizeof(size_t));
	s->via = malloc(n * sizeof(size_t));
	s->seen = malloc(n * sizeof(size_t));
	if (s->index == NULL || s->low == NULL || s->component == NULL || s->stack == NULL ||
	    s->call_node == NULL || s->call_edge == NULL || s->members == NULL || s->queue == NULL ||
	    s->via == NULL || s->seen == NULL) {
		scc_state_release(s);
		return orgcheck_error_nomem(err);
	}
	for (v = 0; v < n; v++) {
		s->index[v] = NONE;
		s->component[v] = NONE;
		s->seen[v] = NONE;
	}
	return 0;
}

static const char *id_of(const struct orgcheck_rule_run *run, const struct graph *graph, size_t v)
{
	const struct orgcheck_record *record = &run->corpus->records[graph->record_of[v]];

	return record->id ? record->id : record->file_id;
}

/* Appends to buf at *at without overrunning it; a cut falls between
 * UTF-8 characters, never inside one. */
static void append(char *buf, size_t size, size_t *at, const char *text)
{
	size_t length = strlen(text);

	if (*at + 1 >= size)
		return;
	if (length > size - 1 - *at) {
		length = size - 1 - *at;
		while (length > 0 && ((unsigned char)text[length] & 0xC0) == 0x80)
			length--;
	}
	memcpy(buf + *at, text, length);
	*at += length;
	buf[*at] = '\0';
}

/* Reports the component members[0 .. count) (numbered c): the shortest
 * cycle through its smallest id, found breadth-first inside it. */
static int report_component(struct orgcheck_rule_run *run, const struct cycle_kind *kind,
			    const struct graph *graph, struct scc_state *s, size_t c, size_t count)
{
	const struct orgcheck_record *start_record = NULL;
	const struct edge *edge = NULL;
	size_t closing = NONE;
	char path[1024];
	char more[64];
	struct orgcheck_pos pos;
	size_t start = s->members[0];
	size_t head = 0;
	size_t tail = 0;
	size_t length = 0;
	size_t at = 0;
	size_t v;
	size_t e;
	size_t i;
	int rc = 0;

	for (i = 1; i < count; i++) {
		if (strcmp(id_of(run, graph, s->members[i]), id_of(run, graph, start)) < 0)
			start = s->members[i];
	}
	/* Breadth-first from start, inside the component, until an edge
	 * leads back to start; a strongly connected component has one. */
	s->seen[start] = c;
	s->via[start] = NONE;
	s->queue[tail++] = start;
	while (head < tail && closing == NONE) {
		v = s->queue[head++];
		for (e = graph->first[v]; e < graph->first[v + 1] && closing == NONE; e++) {
			edge = &graph->edges[e];
			run->operations++;
			if (s->component[edge->to] != c)
				continue;
			if (edge->to == start) {
				closing = e;
			} else if (s->seen[edge->to] != c) {
				s->seen[edge->to] = c;
				s->via[edge->to] = e;
				s->queue[tail++] = edge->to;
			}
		}
	}
	if (closing == NONE)
		return 0;
	/* The cycle's edges, last first: the closing edge, then back along
	 * via[] to start. queue[] is free again to hold them. */
	s->queue[length++] = closing;
	for (v = graph->edges[closing].from; v != start; v = graph->edges[s->via[v]].from)
		s->queue[length++] = s->via[v];

	start_record = &run->corpus->records[graph->record_of[start]];
	append(path, sizeof(path), &at, id_of(run, graph, start));
	for (i = length; i > 0; i--) {
		/* Long cycles: the first ids, then the way back to start. */
		if (length > LISTED_IDS && i > 1 && length - i >= LISTED_IDS - 1) {
			if (i == 2)
				append(path, sizeof(path), &at, " -> ...");
			continue;
		}
		append(path, sizeof(path), &at, " -> ");
		append(path, sizeof(path), &at, id_of(run, graph, graph->edges[s->queue[i - 1]].to));
	}
	more[0] = '\0';
	if (length > LISTED_IDS)
		snprintf(more, sizeof(more), " (%zu records)", length);
	/* On start's own statement of its edge when it makes one; else (a
	 * co-founding or child link stated by the other side) on start. */
	edge = &graph->edges[s->queue[length - 1]];
	pos = edge->holder == graph->record_of[start] ? edge->link->pos : start_record->pos;
	rc = orgcheck_rule_report(run, start_record, pos,
				  "%s cycle %s%s: each record %s, so %s would be its own %s",
				  kind->what, path, more, kind->relation, orgcheck_rule__record_label(start_record), kind->role);
	if (rc == 0)
		rc = orgcheck_rule_value(run, "cycle", path, NULL);
	/* Every other statement of the cycle is a related location. */
	for (i = length; i > 0 && rc == 0; i--) {
		edge = &graph->edges[s->queue[i - 1]];
		if (i == length && edge->holder == graph->record_of[start])
			continue;
		rc = orgcheck_rule_relate(run, &run->corpus->records[edge->holder], edge->link->pos);
	}
	return rc;
}

/* Tarjan's strongly connected components, iteratively: call_node /
 * call_edge are the frames of the recursive version. Each component of
 * more than one record is reported. */
static int find_cycles(struct orgcheck_rule_run *run, const struct cycle_kind *kind,
		       const struct graph *graph, struct scc_state *s)
{
	size_t next_index = 0;
	size_t components = 0;
	size_t depth = 0;
	size_t root;
	size_t v;
	size_t w;
	size_t e;
	size_t count;
	int rc = 0;

	for (root = 0; root < graph->nodes && rc == 0; root++) {
		if (s->index[root] != NONE || graph->first[root] == graph->first[root + 1])
			continue;
		s->index[root] = s->low[root] = next_index++;
		s->stack[s->stack_size++] = root;
		s->call_node[0] = root;
		s->call_edge[0] = graph->first[root];
		depth = 1;
		while (depth > 0 && rc == 0) {
			v = s->call_node[depth - 1];
			e = s->call_edge[depth - 1];
			if (e < graph->first[v + 1]) {
				s->call_edge[depth - 1]++;
				w = graph->edges[e].to;
				run->operations++;
				if (s->index[w] == NONE) {
					/* "Recurse" into w. */
					s->index[w] = s->low[w] = next_index++;
					s->stack[s->stack_size++] = w;
					s->call_node[depth] = w;
					s->call_edge[depth] = graph->first[w];
					depth++;
				} else if (s->component[w] == NONE && s->index[w] < s->low[v]) {
					/* w is on the stack: a way back. */
					s->low[v] = s->index[w];
				}
				continue;
			}
			/* v is done: return to its caller. */
			depth--;
			if (depth > 0 && s->low[v] < s->low[s->call_node[depth - 1]])
				s->low[s->call_node[depth - 1]] = s->low[v];
			if (s->low[v] != s->index[v])
				continue;
			/* v roots a component: pop it. */
			count = 0;
			do {
				w = s->stack[--s->stack_size];
				s->component[w] = components;
				s->members[count++] = w;
			} while (w != v);
			if (count > 1)
				rc = report_component(run, kind, graph, s, components, count);
			components++;
		}
	}
	return rc;
}

int orgcheck_rule_founding_cycle(struct orgcheck_rule_run *run)
{
	struct edge_list lists[KINDS][2];
	struct graph graph;
	struct scc_state state;
	size_t *node_of = NULL;
	size_t k;
	int rc = 0;

	memset(lists, 0, sizeof(lists));
	memset(&graph, 0, sizeof(graph));
	memset(&state, 0, sizeof(state));
	rc = collect_edges(lists, run);
	if (rc == 0) {
		node_of = calloc(run->corpus->count ? run->corpus->count : 1, sizeof(*node_of));
		if (node_of == NULL)
			rc = orgcheck_error_nomem(run->err);
	}
	for (k = 0; k < KINDS && rc == 0; k++) {
		rc = graph_build(&graph, run, lists[k], node_of);
		if (rc == 0 && graph.edge_count > 0)
			rc = scc_state_init(&state, graph.nodes, run->err);
		if (rc == 0 && graph.edge_count > 0)
			rc = find_cycles(run, &cycle_kinds[k], &graph, &state);
		graph_release(&graph);
		scc_state_release(&state);
	}
	for (k = 0; k < KINDS; k++) {
		free(lists[k][0].items);
		free(lists[k][1].items);
	}
	free(node_of);
	return rc;
}

/* The catalogue entries of this group (OC133). */
static const struct orgcheck_rule cycles_rules[] = {
	{ "OC133", "founding-cycle", ORGCHECK_SEVERITY_ERROR,
	  "Organizations found each other in a circle (a was founded by b, "
	  "which was founded by a, stated by founders or co-foundings), or "
	  "parent organizations loop (a has the parent b, whose parent is a). "
	  "No organization can be its own founder or ancestor. Each circle is "
	  "reported once, on its record with the smallest id, with the "
	  "shortest cycle through it and the other records' statements as "
	  "related locations.",
	  orgcheck_rule_founding_cycle, NULL },
};

const struct orgcheck_rule *orgcheck_rules_cycles(size_t *count_out)
{
	*count_out = sizeof(cycles_rules) / sizeof(cycles_rules[0]);
	return cycles_rules;
}

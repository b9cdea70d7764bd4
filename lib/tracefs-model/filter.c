/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * filter.c - the trace event filter language of Linux 6.18.
 *
 * The parser works like the kernel's: a first scan counts predicates and
 * parentheses and catches unbalanced brackets and quotes; a second scan
 * parses predicates and turns the &&/||/!/() structure into a short-circuit
 * program (each entry: a predicate, the result on which to branch, and the
 * branch target).  Positions, messages and return codes follow the kernel,
 * quirks included (see the notes at each quirk).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filter-priv.h"

/* Longest operators first where they share a prefix ("<=" before "<"). */
static const char *const op_text[] = { "~", "!=", "==", "<=", "<", ">=", ">", "&" };


/* How the kernel classifies a field for filtering (its FILTER_* types). */
enum ftype {
	FT_OTHER, FT_STATIC, FT_DYN, FT_RDYN, FT_PTR, FT_CPUMASK,
	FT_COMM, FT_CPU, FT_STACKTRACE,
};

struct ffield {
	unsigned int offset;
	unsigned int size;
	bool is_signed;
	enum ftype type;
};

/* Fields every event has without listing them in its format. */
static const struct {
	const char *name;
	enum ftype type;
	bool is_signed;
} generic_fields[] = {
	{ "CPU", FT_CPU, true }, { "cpu", FT_CPU, true },
	{ "common_cpu", FT_CPU, true }, { "COMM", FT_COMM, false },
	{ "comm", FT_COMM, false }, { "stacktrace", FT_STACKTRACE, false },
	{ "STACKTRACE", FT_STACKTRACE, false },
};

/* ---- fields ---- */

static enum ftype classify(const struct tfm_field *f)
{
	const char *t = f->type ? f->type : "";

	if (f->kind == TFM_FIELD_STRING) {
		if (strstr(t, "__data_loc"))
			return FT_DYN;
		if (strstr(t, "__rel_loc"))
			return FT_RDYN;
		if (!strcmp(t, "char *") || !strcmp(t, "const char *"))
			return FT_PTR;
		return FT_STATIC;
	}
	if (strstr(t, "__data_loc") && strstr(t, "cpumask_t"))
		return FT_CPUMASK;
	return FT_OTHER;
}

/* The event's own fields first, then the generic ones, as the kernel. */
static bool find_field(const struct tfm_field_set *set, const char *name,
		       size_t len, struct ffield *out)
{
	const struct tfm_field *f = set ? tfm_field_find(set, name, len) : NULL;

	memset(out, 0, sizeof(*out));
	if (f) {
		out->offset = f->offset;
		out->size = f->size;
		out->is_signed = f->is_signed;
		out->type = classify(f);
		return true;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(generic_fields); i++) {
		const char *n = generic_fields[i].name;

		if (strlen(n) == len && !memcmp(n, name, len)) {
			out->type = generic_fields[i].type;
			out->is_signed = generic_fields[i].is_signed;
			return true;
		}
	}
	return false;
}

static bool is_string_type(enum ftype t)
{
	return t == FT_STATIC || t == FT_DYN || t == FT_RDYN || t == FT_PTR ||
	       t == FT_COMM;
}

/* ---- string matching ---- */

/* ---- predicates ---- */

struct pp {
	const char *str;	/* the predicate's first character */
	int pos;		/* the kernel's position base for it */
	int i;			/* cursor, relative to @str */
	int s;			/* start of the value */
	struct ffield fld;
	struct pred *pr;
	struct tfm_filter_error *pe;
};

static int pp_fail(struct pp *pp, enum tfm_filter_errcode code, int at)
{
	pp->pe->code = code;
	pp->pe->pos = pp->pos + at;
	return -EINVAL;
}

static void free_pred(struct pred *pr)
{
	if (pr)
		g_free(pr->pattern);
	g_free(pr);
}

static enum pred_fn compare_fn(int op, unsigned int size)
{
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return PF_NOP;
	return op == OP_EQ || op == OP_NE ? PF_EQ : PF_CMP;
}

/* "field.function == sym": the model has no kernel symbols to resolve. */
static int pred_function(struct pp *pp)
{
	const char *str = pp->str;

	if (pp->fld.size != 8)	/* sizeof(long) on the reference box */
		return pp_fail(pp, TFM_FILTER_ERR_ILLEGAL_FIELD_OP, pp->i);
	if (pp->pr->op != OP_EQ && pp->pr->op != OP_NE)
		return pp_fail(pp, TFM_FILTER_ERR_INVALID_OP, pp->i);
	if (k_isdigit(str[pp->i])) {
		char num[24];
		uint64_t ip;
		int len;

		while (k_isalnum(str[pp->i]))
			pp->i++;
		len = pp->i - pp->s;
		if (len >= (int)sizeof(num))
			return pp_fail(pp, TFM_FILTER_ERR_OPERAND_TOO_LONG, pp->i);
		memcpy(num, str + pp->s, len);
		num[len] = '\0';
		if (tfm_filter_strtoull(num, &ip, true))
			return pp_fail(pp, TFM_FILTER_ERR_INVALID_VALUE, pp->i);
	} else {
		while (str[pp->i] && !k_isspace(str[pp->i]))
			pp->i++;
	}
	return pp_fail(pp, TFM_FILTER_ERR_NO_FUNCTION, pp->i);
}

static void cpus_select(struct pp *pp, bool single)
{
	struct pred *pr = pp->pr;

	if (single) {
		pr->val = __builtin_ctzll(pr->mask);
		pr->mask = 0;
	}
	if (pp->fld.type == FT_CPUMASK) {
		pr->fn = single ? PF_CPUMASK_CPU : PF_CPUMASK;
	} else if (single) {
		if (pr->op == OP_BAND)
			pr->op = OP_EQ;
		if (pp->fld.type == FT_CPU) {
			pr->fn = PF_CPU;
			return;
		}
		pr->fn = compare_fn(pr->op, pp->fld.size);
		pr->not = pr->op == OP_NE;
	} else if (pp->fld.type == FT_CPU) {
		pr->fn = PF_CPU_MASK;
	} else if (compare_fn(OP_EQ, pp->fld.size) != PF_NOP) {
		pr->fn = PF_SCALAR_MASK;	/* sizes 1, 2, 4, 8 only */
	}
}

static int pred_cpus(struct pp *pp)
{
	const char *str = pp->str;
	g_autofree char *list = NULL;
	int start;

	if (pp->fld.type != FT_CPUMASK && pp->fld.type != FT_CPU &&
	    pp->fld.type != FT_OTHER)
		return pp_fail(pp, TFM_FILTER_ERR_ILLEGAL_FIELD_OP, pp->i);
	if (pp->pr->op != OP_EQ && pp->pr->op != OP_NE &&
	    pp->pr->op != OP_BAND)
		return pp_fail(pp, TFM_FILTER_ERR_ILLEGAL_FIELD_OP, pp->i);
	pp->i += 4;
	if (str[pp->i++] != '{')
		return pp_fail(pp, TFM_FILTER_ERR_MISSING_BRACE_OPEN, pp->i);
	start = pp->i;
	while (str[pp->i] && str[pp->i] != '}')
		pp->i++;
	if (str[pp->i] != '}')
		return pp_fail(pp, TFM_FILTER_ERR_MISSING_BRACE_CLOSE, pp->i);
	if (start == pp->i)
		return pp_fail(pp, TFM_FILTER_ERR_INVALID_CPULIST, pp->i);
	list = g_strndup(str + start, pp->i - start);
	if (tfm_filter_cpulist_parse(list, &pp->pr->mask))
		return pp_fail(pp, TFM_FILTER_ERR_INVALID_CPULIST, pp->i);
	pp->i++;
	cpus_select(pp, __builtin_popcountll(pp->pr->mask) == 1);
	return 0;
}

static int pred_string(struct pp *pp)
{
	const char *str = pp->str;
	struct pred *pr = pp->pr;
	char q = str[pp->i];
	int len;

	if (pr->op == OP_NE)
		pr->not = true;
	else if (pr->op != OP_GLOB && pr->op != OP_EQ)
		return pp_fail(pp, TFM_FILTER_ERR_ILLEGAL_FIELD_OP, pp->i);
	if (!is_string_type(pp->fld.type))
		return pp_fail(pp, TFM_FILTER_ERR_EXPECT_DIGIT, pp->i);
	for (pp->i++; str[pp->i] && str[pp->i] != q; pp->i++)
		;
	if (!str[pp->i])
		return pp_fail(pp, TFM_FILTER_ERR_MISSING_QUOTE, pp->i);
	len = pp->i - ++pp->s;
	if (len >= TFM_FILTER_MAX_STR)
		return pp_fail(pp, TFM_FILTER_ERR_OPERAND_TOO_LONG, pp->i);
	pr->pattern = g_strndup(str + pp->s, len);
	pr->plen = len;
	pr->mt = M_FULL;
	if (pr->op == OP_GLOB)
		tfm_filter_build_glob(pr);
	switch (pp->fld.type) {
	case FT_COMM:
		pr->fn = PF_COMM;
		break;
	case FT_STATIC:
		pr->fn = PF_STRING;
		pr->field_len = pp->fld.size;
		break;
	case FT_DYN:
		pr->fn = PF_STRLOC;
		break;
	case FT_RDYN:
		pr->fn = PF_STRRELLOC;
		break;
	default:
		pr->fn = PF_PCHAR;
	}
	pp->i++;
	return 0;
}

static int pred_number(struct pp *pp)
{
	const char *str = pp->str;
	struct pred *pr = pp->pr;
	char num[24];
	int len, ret;

	if (is_string_type(pp->fld.type))
		return pp_fail(pp, TFM_FILTER_ERR_EXPECT_STRING, pp->i);
	if (pr->op == OP_GLOB)
		return pp_fail(pp, TFM_FILTER_ERR_ILLEGAL_FIELD_OP, pp->i);
	if (str[pp->i] == '-')
		pp->i++;
	while (k_isalnum(str[pp->i]))
		pp->i++;
	len = pp->i - pp->s;
	if (len >= (int)sizeof(num))
		return pp_fail(pp, TFM_FILTER_ERR_OPERAND_TOO_LONG, pp->i);
	memcpy(num, str + pp->s, len);
	num[len] = '\0';
	if (pp->fld.is_signed)
		ret = tfm_filter_strtoll(num, &pr->val);
	else
		ret = tfm_filter_strtoull(num, &pr->val, true);
	if (ret)
		return pp_fail(pp, TFM_FILTER_ERR_ILLEGAL_INTVAL, pp->s);
	if (pp->fld.type == FT_CPU) {
		pr->fn = PF_CPU;
	} else {
		pr->fn = compare_fn(pr->op, pp->fld.size);
		pr->not = pr->op == OP_NE;
	}
	return 0;
}

static int pred_value(struct pp *pp, bool function)
{
	const char *v = pp->str + pp->i;

	if (function)
		return pred_function(pp);
	if (!strncmp(v, "CPUS", 4))
		return pred_cpus(pp);
	if (*v == '\'' || *v == '"')
		return pred_string(pp);
	if (k_isdigit(*v) || *v == '-')
		return pred_number(pp);
	return pp_fail(pp, TFM_FILTER_ERR_INVALID_VALUE, pp->i);
}

/* Return: characters used, or a negative errno (-EPERM: no field name). */
static int parse_pred(const char *str, int pos,
		      const struct tfm_field_set *fields,
		      struct tfm_filter_error *pe, struct pred **out)
{
	struct pp pp = { .str = str, .pos = pos, .pe = pe };
	bool function = false;
	int op, ret;

	while (k_isspace(str[pp.i]))
		pp.i++;
	pp.s = pp.i;
	while (k_isalnum(str[pp.i]) || str[pp.i] == '_')
		pp.i++;
	if (pp.i == pp.s)
		return -EPERM;	/* the kernel returns -1, no message */
	if (!find_field(fields, str + pp.s, pp.i - pp.s, &pp.fld))
		return pp_fail(&pp, TFM_FILTER_ERR_FIELD_NOT_FOUND, pp.i);
	if (!strncmp(str + pp.i, ".ustring", 8))
		pp.i += 8;
	if (!strncmp(str + pp.i, ".function", 9)) {
		function = true;
		pp.i += 9;
	}
	while (k_isspace(str[pp.i]))
		pp.i++;
	for (op = 0; op < (int)G_N_ELEMENTS(op_text); op++) {
		if (!strncmp(str + pp.i, op_text[op], strlen(op_text[op])))
			break;
	}
	if (op == (int)G_N_ELEMENTS(op_text))
		return pp_fail(&pp, TFM_FILTER_ERR_INVALID_OP, pp.i);
	pp.i += strlen(op_text[op]);
	while (k_isspace(str[pp.i]))
		pp.i++;
	pp.s = pp.i;
	pp.pr = g_new0(struct pred, 1);
	pp.pr->op = op;
	pp.pr->offset = pp.fld.offset;
	pp.pr->size = pp.fld.size;
	pp.pr->is_signed = pp.fld.is_signed;
	ret = pred_value(&pp, function);
	if (ret) {
		free_pred(pp.pr);
		return ret;
	}
	*out = pp.pr;
	return pp.i;
}

/* ---- the first scan: calc_stack() ---- */

static int find_bad_open(const char *str, int i, int open, int *err)
{
	int level = open;
	char quote = 0;

	for (i--; i; i--) {
		if (quote) {
			if (str[i] == quote)
				quote = 0;
			continue;
		}
		if (str[i] == '(') {
			if (level == open) {
				*err = i;
				return -ENOENT;
			}
			level--;
		} else if (str[i] == ')') {
			level++;
		} else if (str[i] == '\'' || str[i] == '"') {
			quote = str[i];
		}
	}
	*err = 0;
	return -ENOENT;
}

/*
 * The kernel returns its internal codes -1, -2 and -3 from here, which
 * user space receives as EPERM (too many ')'), ENOENT (too many '(') and
 * ESRCH (missing quote).
 */
static int calc_stack(const char *str, int *parens, int *preds, int *err)
{
	bool is_pred = false;
	int nr_preds = 0, open = 1, max_open = 1, last_quote = 0, i;
	char quote = 0;

	for (i = 0; str[i]; i++) {
		char c = str[i];

		if (k_isspace(c))
			continue;
		if (quote) {
			if (c == quote)
				quote = 0;
			continue;
		}
		if (c == '\'' || c == '"') {
			quote = c;
			last_quote = i;
		} else if ((c == '|' || c == '&') && str[i + 1] == c) {
			is_pred = false;
			continue;
		} else if (c == '(') {
			is_pred = false;
			if (++open > max_open)
				max_open = open;
			continue;
		} else if (c == ')') {
			is_pred = false;
			if (open == 1) {
				*err = i;
				return -EPERM;
			}
			open--;
			continue;
		}
		if (!is_pred) {
			nr_preds++;
			is_pred = true;
		}
	}
	if (quote) {
		*err = last_quote;
		return -ESRCH;
	}
	if (open != 1)
		return find_bad_open(str, i, open, err);
	*parens = max_open;
	*preds = nr_preds;
	return 0;
}

/* ---- the second scan: predicate_parse() ---- */

enum { INVERT = 1, PROCESS_AND = 2, PROCESS_OR = 4 };

static void update_preds(struct prog_entry *prog, int n, int invert)
{
	int t = prog[n].target, s;

	if (t < 0)
		return;
	s = prog[t].target;
	prog[t].when = invert;
	prog[t].target = n;
	prog[n].target = s;
}

static void free_prog(struct prog_entry *prog)
{
	if (!prog)
		return;
	for (int i = 0; prog[i].pred; i++)
		free_pred(prog[i].pred);
	g_free(prog);
}

static void set_error(struct tfm_filter_error *pe, enum tfm_filter_errcode c,
		      int pos)
{
	pe->code = c;
	pe->pos = pos;
}

/* Passes two and three: shorten branch chains, apply the inversions. */
static int finish_prog(struct prog_entry *prog, const char *inverts, int n)
{
	prog[n].target = 1;		/* TRUE */
	prog[n + 1].target = 0;		/* FALSE */
	prog[n - 1].target = n;
	prog[n - 1].when = 0;
	for (int i = n - 1; i--; ) {
		int t = prog[i].target;

		if (t >= 0 && prog[i].when == prog[t].when)
			prog[i].target = prog[t].target;
	}
	for (int i = 0; i < n; i++) {
		prog[i].when ^= inverts[i];
		if (prog[i].target <= i)
			return -EINVAL;	/* the kernel WARNs here */
	}
	return 0;
}

struct builder {
	const char *str;
	const struct tfm_field_set *fields;
	struct tfm_filter_error *pe;
	struct prog_entry *prog;
	char *inverts;
	int *stack;
	int top;
	int n;
	int i;
};

/* After a predicate: ')' '&&' '||' or the end.  Return: 1 more, 0 end. */
static int after_pred(struct builder *b)
{
	int *top = &b->stack[b->top];

	for (;;) {
		int next = b->i++;
		char c = b->str[next];
		int invert;

		if (k_isspace(c))
			continue;
		if ((c == '&' || c == '|') && b->str[next + 1] == c) {
			b->i++;
		} else if (c != ')' && c != '\0') {
			set_error(b->pe, TFM_FILTER_ERR_TOO_MANY_PREDS, next);
			return -EPERM;
		}
		invert = *top & INVERT;
		if (*top & PROCESS_AND) {
			update_preds(b->prog, b->n - 1, invert);
			*top &= ~PROCESS_AND;
		}
		if (c == '&') {
			*top |= PROCESS_AND;
			return 1;
		}
		if (*top & PROCESS_OR) {
			update_preds(b->prog, b->n - 1, !invert);
			*top &= ~PROCESS_OR;
		}
		if (c == '|') {
			*top |= PROCESS_OR;
			return 1;
		}
		if (!c)
			return 0;
		if (b->top == 0) {
			set_error(b->pe, TFM_FILTER_ERR_TOO_MANY_CLOSE, b->i);
			return -EPERM;
		}
		top = &b->stack[--b->top];
	}
}

static int build_loop(struct builder *b, int nr_parens, int nr_preds)
{
	int invert = 0, ret = -ENOMEM;	/* the kernel's value before a pred */

	while (b->str[b->i]) {
		int next = b->i++, len;
		char c = b->str[next];

		if (k_isspace(c))
			continue;
		if (c == '(') {
			if (b->top > nr_parens)
				return -EINVAL;
			b->stack[++b->top] = invert;
			continue;
		}
		if (c == '!' && b->str[next + 1] != '=' && b->str[next + 1] != '~') {
			invert = !invert;
			continue;
		}
		if (b->n >= nr_preds) {
			set_error(b->pe, TFM_FILTER_ERR_TOO_MANY_PREDS, next);
			return ret;
		}
		b->inverts[b->n] = invert;
		b->prog[b->n].target = b->n - 1;
		len = parse_pred(b->str + next, b->i, b->fields, b->pe,
				 &b->prog[b->n].pred);
		if (len < 0)
			return len;
		b->i = next + len;
		b->n++;
		ret = -EPERM;		/* the kernel's -1 */
		len = after_pred(b);
		if (len < 0)
			return len;
		if (!len)
			break;
		invert = b->stack[b->top] & INVERT;
	}
	if (b->top != 0) {
		set_error(b->pe, TFM_FILTER_ERR_TOO_MANY_OPEN, b->i);
		return ret;
	}
	if (!b->n) {
		set_error(b->pe, TFM_FILTER_ERR_NO_FILTER, b->i);
		return -EINVAL;
	}
	return 0;
}

static int build_prog(const char *str, const struct tfm_field_set *fields,
		      struct tfm_filter_error *pe, struct prog_entry **out)
{
	struct builder b = { .str = str, .fields = fields, .pe = pe };
	int nr_parens, nr_preds, index, ret;

	ret = calc_stack(str, &nr_parens, &nr_preds, &index);
	if (ret) {
		set_error(pe, ret == -ESRCH ? TFM_FILTER_ERR_MISSING_QUOTE :
			  ret == -ENOENT ? TFM_FILTER_ERR_TOO_MANY_OPEN :
			  TFM_FILTER_ERR_TOO_MANY_CLOSE, index);
		return ret;
	}
	if (!nr_preds)
		return -EINVAL;
	nr_preds += 2;			/* for TRUE and FALSE */
	b.prog = g_new0(struct prog_entry, nr_preds + 2);
	b.inverts = g_new0(char, nr_preds + 2);
	b.stack = g_new0(int, nr_parens + 2);
	ret = build_loop(&b, nr_parens, nr_preds);
	if (!ret)
		ret = finish_prog(b.prog, b.inverts, b.n);
	g_free(b.inverts);
	g_free(b.stack);
	if (ret) {
		free_prog(b.prog);
		return ret;
	}
	*out = b.prog;
	return 0;
}

/**
 * tfm_filter_parse - parse a filter expression against an event's fields.
 * @expr:	the expression; it ends at @len or at its first NUL byte
 * @len:	bytes available at @expr
 * @fields:	the event's fields (common_* included); CPU/cpu/common_cpu,
 *		COMM/comm and stacktrace/STACKTRACE are always known
 * @out:	where the filter goes
 * @err:	filled with the kernel's error code and position on failure
 *
 * Nothing is stripped: callers serving a `filter` file pass the text of
 * tfm_filter_write_text() (and handle "0" themselves).
 *
 * Return: 0 and *@out set; or the errno the kernel returns, *@out NULL:
 * -EINVAL for most errors, -ENOENT for "Too many '('", -EPERM for "Too few
 * '('", a missing field name and trailing junk ("Too many terms ..."),
 * -ESRCH for "Missing matching quote".  @err->code is
 * TFM_FILTER_ERR_NONE when the kernel records no message.
 */
int tfm_filter_parse(const char *expr, size_t len,
		     const struct tfm_field_set *fields,
		     struct tfm_filter **out, struct tfm_filter_error *err)
{
	struct tfm_filter_error dummy;
	struct prog_entry *prog = NULL;
	struct tfm_filter *f;
	char *str;
	int ret;

	if (!err)
		err = &dummy;
	err->code = TFM_FILTER_ERR_NONE;
	err->pos = 0;
	*out = NULL;
	str = g_strndup(expr ? expr : "", expr ? len : 0);
	ret = build_prog(str, fields, err, &prog);
	if (ret) {
		g_free(str);
		return ret;
	}
	f = g_new0(struct tfm_filter, 1);
	f->string = str;
	f->prog = prog;
	*out = f;
	return 0;
}

/**
 * tfm_filter_free - release a filter.
 * @f: the filter, or NULL
 */
void tfm_filter_free(struct tfm_filter *f)
{
	if (!f)
		return;
	free_prog(f->prog);
	g_free(f->string);
	g_free(f);
}

/**
 * tfm_filter_string - the expression as the kernel stores it.
 * @f: a parsed filter
 *
 * Return: the parsed text; the event's `filter` file reads it plus "\n".
 */
const char *tfm_filter_string(const struct tfm_filter *f)
{
	return f->string;
}

/* ---- what a write means ---- */

/**
 * tfm_filter_write_text - what the kernel keeps of a `filter` file write.
 * @buf: the written bytes
 * @len: how many
 *
 * Return: a new string (g_free): the bytes up to the first NUL with
 * trailing whitespace removed; leading whitespace is kept, as the kernel
 * (strstrip() only for the "0" test, in place) does.
 */
char *tfm_filter_write_text(const char *buf, size_t len)
{
	char *s = g_strndup(buf ? buf : "", buf ? len : 0);
	size_t n = strlen(s);

	while (n && k_isspace(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/**
 * tfm_filter_text_is_clear - whether a write clears the filter.
 * @text: the result of tfm_filter_write_text()
 *
 * Return: true if @text is "0" apart from whitespace.
 */
bool tfm_filter_text_is_clear(const char *text)
{
	while (k_isspace(*text))
		text++;
	return !strcmp(text, "0");
}


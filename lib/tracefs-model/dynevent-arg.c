/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dynevent-arg.c - FETCHARG parsing of uprobe definitions: NAME=, the
 * fetch expression, :TYPE and [N], with the kernel's check order, errno
 * values and error_log caret positions.
 */
#include "dynevent-priv.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include <glib.h>

#define MAX_ARG_NAME_LEN	32
#define MAX_ARRAY_LEN		64
#define MAX_PROBE_EVENT_SIZE	3072
#define FETCH_INSN_MAX		16
#define PARAM_MAX_STACK		(16384 / 8)	/* THREAD_SIZE / sizeof(long) */

/* ---- fetch types ---- */

static const struct tfm_dynevent_type fetch_types[] = {
	{ "string", 4, true, true, "\\\"%s\\\"", "__data_loc char[]" },
	{ "ustring", 4, true, true, "\\\"%s\\\"", "__data_loc char[]" },
	{ "u8", 1, false, false, "%u", "u8" },
	{ "u16", 2, false, false, "%u", "u16" },
	{ "u32", 4, false, false, "%u", "u32" },
	{ "u64", 8, false, false, "%Lu", "u64" },
	{ "s8", 1, true, false, "%d", "s8" },
	{ "s16", 2, true, false, "%d", "s16" },
	{ "s32", 4, true, false, "%d", "s32" },
	{ "s64", 8, true, false, "%Ld", "s64" },
	{ "x8", 1, false, false, "0x%x", "u8" },
	{ "x16", 2, false, false, "0x%x", "u16" },
	{ "x32", 4, false, false, "0x%x", "u32" },
	{ "x64", 8, false, false, "0x%Lx", "u64" },
	{ "char", 1, false, false, "'%c'", "u8" },
};

/* symbol/symstr exist in the kernel but are refused for uprobes */
static const struct tfm_dynevent_type *find_fetch_type(const char *t)
{
	if (!t)
		t = "x64";
	if (*t == 'b') {
		unsigned long bs;

		t = strchr(t, '/');
		if (!t || tfm_dynevent_kstrtoul(t + 1, 0, &bs))
			return NULL;
		switch (bs) {
		case 8: return find_fetch_type("u8");
		case 16: return find_fetch_type("u16");
		case 32: return find_fetch_type("u32");
		case 64: return find_fetch_type("u64");
		default: return NULL;
		}
	}
	for (size_t i = 0; i < G_N_ELEMENTS(fetch_types); i++) {
		if (!strcmp(t, fetch_types[i].name))
			return &fetch_types[i];
	}
	return NULL;
}

/* ---- FETCHARG parsing: a small emulation of the fetch_insn array ---- */

enum op {
	OP_NOP, OP_REG, OP_STACK, OP_STACKP, OP_RETVAL, OP_IMM, OP_COMM,
	OP_FOFFS, OP_DATA, OP_DEREF, OP_UDEREF, OP_ST_RAW, OP_ST_MEM,
	OP_ST_UMEM, OP_ST_STRING, OP_ST_USTRING, OP_MOD_BF, OP_LP_ARRAY,
	OP_END,
};

struct actx {
	struct plog *log;
	bool is_return;
	int offset;
	enum op ops[FETCH_INSN_MAX];
};

#define END_INSN	(FETCH_INSN_MAX - 1)

static const char *const x86_64_regs[] = {
	"r15", "r14", "r13", "r12", "r11", "r10", "r9", "r8", "bx", "cx",
	"dx", "si", "di", "bp", "ax", "orig_ax", "ip", "cs", "flags", "sp",
	"ss",
};

static bool is_register(const char *name)
{
	for (size_t i = 0; i < G_N_ELEMENTS(x86_64_regs); i++) {
		if (!strcmp(name, x86_64_regs[i]))
			return true;
	}
	return false;
}

static int parse_vars(struct actx *a, const char *arg, int code)
{
	const char *err = E_BAD_VAR;
	unsigned long param;

	if (g_str_has_prefix(arg, "retval")) {
		if (!a->is_return) {
			err = E_RETVAL_ON_PROBE;
			goto inval;
		}
		a->ops[code] = OP_RETVAL;
		return 0;
	}
	if (g_str_has_prefix(arg, "stack")) {
		if (arg[5] == '\0') {
			a->ops[code] = OP_STACKP;
			return 0;
		}
		if (!k_isdigit(arg[5]) ||
		    tfm_dynevent_kstrtoul(arg + 5, 10, &param))
			goto inval;
		a->ops[code] = OP_STACK;
		return 0;
	}
	if (!strcmp(arg, "comm") || !strcmp(arg, "COMM")) {
		a->ops[code] = OP_COMM;
		return 0;
	}
	if (g_str_has_prefix(arg, "arg")) {
		if (tfm_dynevent_kstrtoul(arg + 3, 10, &param))
			goto inval;
		err = (!param || param > PARAM_MAX_STACK) ? E_BAD_ARG_NUM :
							    E_NOFENTRY_ARGS;
	}
inval:
	tfm_dynevent_log_err(a->log, a->offset, err);
	return -EINVAL;
}

static int str_to_immediate(const char *s)
{
	unsigned long u;
	long l;

	if (k_isdigit(s[0]))
		return tfm_dynevent_kstrtoul(s, 0, &u);
	if (s[0] == '-')
		return tfm_dynevent_kstrtol(s, 0, &l);
	if (s[0] == '+')
		return tfm_dynevent_kstrtol(s + 1, 0, &l);
	return -EINVAL;
}

static int parse_fetch(struct actx *a, char *arg, int *pcode);

static int parse_memory(struct actx *a, char *arg, int *pcode)
{
	int code = *pcode, ret;
	unsigned long param;
	long off;

	if (k_isdigit(arg[1])) {
		ret = tfm_dynevent_kstrtoul(arg + 1, 0, &param);
		if (ret) {
			tfm_dynevent_log_err(a->log, a->offset, E_BAD_MEM_ADDR);
			return ret;
		}
		a->ops[code] = OP_IMM;
	} else if (arg[1] == '+') {
		ret = tfm_dynevent_kstrtol(arg + 2, 0, &off);
		if (ret) {
			tfm_dynevent_log_err(a->log, a->offset,
					     E_BAD_FILE_OFFS);
			return ret;
		}
		a->ops[code] = OP_FOFFS;
	} else {
		tfm_dynevent_log_err(a->log, a->offset, E_SYM_ON_UPROBE);
		return -EINVAL;
	}
	if (++code == END_INSN) {
		tfm_dynevent_log_err(a->log, a->offset, E_TOO_MANY_OPS);
		return -EINVAL;
	}
	*pcode = code;
	a->ops[code] = OP_DEREF;
	return 0;
}

static int parse_deref(struct actx *a, char *arg, int *pcode)
{
	enum op deref = OP_DEREF;
	int code = *pcode, ret, cur;
	char *tmp;
	long off;

	if (arg[1] == 'u') {
		deref = OP_UDEREF;
		arg[1] = arg[0];
		arg++;
	}
	if (arg[0] == '+')
		arg++;
	tmp = strchr(arg, '(');
	if (!tmp) {
		tfm_dynevent_log_err(a->log, a->offset, E_DEREF_NEED_BRACE);
		return -EINVAL;
	}
	*tmp = '\0';
	ret = tfm_dynevent_kstrtol(arg, 0, &off);
	if (ret) {
		tfm_dynevent_log_err(a->log, a->offset, E_BAD_DEREF_OFFS);
		return ret;
	}
	a->offset += (tmp + 1 - arg) + (arg[0] != '-' ? 1 : 0);
	arg = tmp + 1;
	tmp = strrchr(arg, ')');
	if (!tmp) {
		tfm_dynevent_log_err(a->log, a->offset + strlen(arg),
				     E_DEREF_OPEN_BRACE);
		return -EINVAL;
	}
	cur = a->offset;
	*tmp = '\0';
	ret = parse_fetch(a, arg, &code);
	if (ret)
		return ret;
	a->offset = cur;
	if (a->ops[code] == OP_COMM || a->ops[code] == OP_DATA) {
		tfm_dynevent_log_err(a->log, a->offset, E_COMM_CANT_DEREF);
		return -EINVAL;
	}
	if (++code == END_INSN) {
		tfm_dynevent_log_err(a->log, a->offset, E_TOO_MANY_OPS);
		return -EINVAL;
	}
	*pcode = code;
	a->ops[code] = deref;
	return 0;
}

static int parse_immediate(struct actx *a, const char *arg, int code)
{
	int ret;

	if (arg[1] == '"') {
		size_t len = strlen(arg + 2);

		/* the kernel looks at str[len - 1]: the quote itself if empty */
		if (arg[2 + len - 1] != '"') {
			tfm_dynevent_log_err(a->log, a->offset + 2 + len,
					     E_IMMSTR_NO_CLOSE);
			return -EINVAL;
		}
		a->ops[code] = OP_DATA;
		return 0;
	}
	ret = str_to_immediate(arg + 1);
	if (ret)
		tfm_dynevent_log_err(a->log, a->offset + 1, E_BAD_IMM);
	else
		a->ops[code] = OP_IMM;
	return ret;
}

static int parse_fetch(struct actx *a, char *arg, int *pcode)
{
	int ret = 0;

	switch (arg[0]) {
	case '$':
		ret = parse_vars(a, arg + 1, *pcode);
		break;
	case '%':
		if (is_register(arg + 1)) {
			a->ops[*pcode] = OP_REG;
		} else {
			tfm_dynevent_log_err(a->log, a->offset, E_BAD_REG_NAME);
			ret = -EINVAL;
		}
		break;
	case '@':
		ret = parse_memory(a, arg, pcode);
		break;
	case '+':
	case '-':
		ret = parse_deref(a, arg, pcode);
		break;
	case '\\':
		ret = parse_immediate(a, arg, *pcode);
		break;
	default:
		if (k_isalpha(arg[0]) || arg[0] == '_') {
			tfm_dynevent_log_err(a->log, a->offset, E_NOSUP_BTFARG);
			return -EINVAL;
		}
	}
	if (!ret && a->ops[*pcode] == OP_NOP) {
		tfm_dynevent_log_err(a->log, a->offset, E_BAD_FETCH_ARG);
		ret = -EINVAL;
	}
	return ret;
}

/* Cut ":TYPE[N]" off @arg; set the type and count of @parg. */
static int parse_arg_type(struct actx *a, char *arg,
			  struct tfm_dynevent_arg *parg, char **ptype)
{
	char *t, *t2, *t3;
	unsigned long cnt;
	int offs;

	t = strchr(arg, ':');
	if (t) {
		*t++ = '\0';
		t2 = strchr(t, '[');
		if (t2) {
			*t2++ = '\0';
			t3 = strchr(t2, ']');
			if (!t3) {
				tfm_dynevent_log_err(a->log, a->offset +
						     (t2 + strlen(t2) - arg),
						     E_ARRAY_NO_CLOSE);
				return -EINVAL;
			} else if (t3[1] != '\0') {
				tfm_dynevent_log_err(a->log,
						     a->offset + (t3 + 1 - arg),
						     E_BAD_ARRAY_SUFFIX);
				return -EINVAL;
			}
			*t3 = '\0';
			if (tfm_dynevent_kstrtoul(t2, 0, &cnt) || cnt > UINT_MAX ||
			    !cnt) {
				tfm_dynevent_log_err(a->log,
						     a->offset + (t2 - arg),
						     E_BAD_ARRAY_NUM);
				return -EINVAL;
			}
			if (cnt > MAX_ARRAY_LEN) {
				tfm_dynevent_log_err(a->log,
						     a->offset + (t2 - arg),
						     E_ARRAY_TOO_BIG);
				return -EINVAL;
			}
			parg->count = cnt;
		}
	}
	offs = t ? t - arg : 0;
	if (!strcmp(arg, "$comm") || !strcmp(arg, "$COMM") ||
	    !strncmp(arg, "\\\"", 2)) {
		if (parg->count || (t && strcmp(t, "string"))) {
			tfm_dynevent_log_err(a->log, a->offset + offs,
					     E_NEED_STRING_TYPE);
			return -EINVAL;
		}
		parg->type = find_fetch_type("string");
	} else {
		parg->type = find_fetch_type(t);
	}
	if (!parg->type) {
		tfm_dynevent_log_err(a->log, a->offset + offs, E_BAD_TYPE);
		return -EINVAL;
	}
	*ptype = t;
	return 0;
}

static int parse_bitfield(const char *bf, unsigned int size, struct actx *a,
			  int *pcode)
{
	unsigned long bw, bo;
	char *tail;

	if (*bf != 'b')
		return 0;
	bw = tfm_dynevent_simple_strtoul(bf + 1, &tail);
	if (bw == 0 || *tail != '@')
		return -EINVAL;
	bf = tail + 1;
	bo = tfm_dynevent_simple_strtoul(bf, &tail);
	if (tail == bf || *tail != '/')
		return -EINVAL;
	if (a->ops[++*pcode] != OP_NOP)
		return -EINVAL;
	a->ops[*pcode] = OP_MOD_BF;
	return size * 8 < bw + bo ? -EINVAL : 0;
}

static int finalize_store(struct actx *a, struct tfm_dynevent_arg *parg,
			  const char *type, int type_off, int code)
{
	enum op *ops = a->ops;
	int scode;

	if (parg->type->is_string) {
		if (ops[code] != OP_DEREF && ops[code] != OP_UDEREF &&
		    ops[code] != OP_IMM && ops[code] != OP_COMM &&
		    ops[code] != OP_DATA) {
			tfm_dynevent_log_err(a->log, a->offset + type_off,
					     E_BAD_STRING);
			return -EINVAL;
		}
		if (ops[code] == OP_IMM || ops[code] == OP_COMM ||
		    ops[code] == OP_DATA || parg->count) {
			if (ops[++code] != OP_NOP) {
				tfm_dynevent_log_err(a->log, a->offset,
						     E_TOO_MANY_OPS);
				return -EINVAL;
			}
		}
		ops[code] = (!strcmp(parg->type->name, "ustring") ||
			     ops[code] == OP_UDEREF) ? OP_ST_USTRING :
						       OP_ST_STRING;
	} else if (ops[code] == OP_DEREF) {
		ops[code] = OP_ST_MEM;
	} else if (ops[code] == OP_UDEREF) {
		ops[code] = OP_ST_UMEM;
	} else {
		if (ops[++code] != OP_NOP) {
			tfm_dynevent_log_err(a->log, a->offset, E_TOO_MANY_OPS);
			return -E2BIG;
		}
		ops[code] = OP_ST_RAW;
	}
	scode = code;
	if (type && parse_bitfield(type, parg->type->size, a, &code)) {
		tfm_dynevent_log_err(a->log, a->offset + type_off,
				     E_BAD_BITFIELD);
		return -EINVAL;
	}
	if (parg->count) {
		if (ops[scode] != OP_ST_MEM && ops[scode] != OP_ST_STRING &&
		    ops[scode] != OP_ST_USTRING) {
			tfm_dynevent_log_err(a->log, a->offset + type_off,
					     E_BAD_STRING);
			return -EINVAL;
		}
		if (ops[++code] != OP_NOP) {
			tfm_dynevent_log_err(a->log, a->offset, E_TOO_MANY_OPS);
			return -E2BIG;
		}
		ops[code] = OP_LP_ARRAY;
	}
	return 0;
}

static int parse_arg_body(struct actx *a, const char *body,
			  struct tfm_dynevent_arg *parg, unsigned int *size)
{
	g_autofree char *arg = NULL;
	char *type = NULL;
	size_t len = strlen(body);
	int code = 0, ret;

	if (len > MAX_ARGSTR_LEN) {
		tfm_dynevent_log_err(a->log, a->offset, E_ARG_TOO_LONG);
		return -E2BIG;
	} else if (len == 0) {
		tfm_dynevent_log_err(a->log, a->offset, E_NO_ARG_BODY);
		return -EINVAL;
	}
	arg = g_strdup(body);
	parg->comm = g_strdup(body);
	ret = parse_arg_type(a, arg, parg, &type);
	if (ret)
		return ret;
	memset(a->ops, 0, sizeof(a->ops));
	a->ops[END_INSN] = OP_END;
	ret = parse_fetch(a, arg, &code);
	if (ret)
		return ret;
	parg->offset = *size;
	*size += parg->type->size * (parg->count ? parg->count : 1);
	if (*size > MAX_PROBE_EVENT_SIZE) {
		tfm_dynevent_log_err(a->log, a->offset, E_EVENT_TOO_BIG);
		return -E2BIG;
	}
	if (parg->count)
		parg->fmt = g_strdup_printf("%s[%u]", parg->type->fmttype,
					    parg->count);
	return finalize_store(a, parg, type, type ? type - arg : 0, code);
}

static bool arg_name_used(const char *name, const struct tfm_dynevent_arg *args,
			  unsigned int n)
{
	static const char *const reserved[] = {
		"common_type", "common_flags", "common_preempt_count",
		"common_pid", "common_tgid", "__probe_ip", "__probe_ret_ip",
		"__probe_func",
	};

	for (size_t i = 0; i < G_N_ELEMENTS(reserved); i++) {
		if (!strcmp(name, reserved[i]))
			return true;
	}
	for (unsigned int i = 0; i < n; i++) {
		if (!strcmp(name, args[i].name))
			return true;
	}
	return false;
}

int tfm_dynevent_parse_arg(struct tfm_dynevent_probe *p, unsigned int i,
			   const char *arg, struct plog *log)
{
	struct tfm_dynevent_arg *parg = &p->args[i];
	struct actx a = { .log = log, .is_return = p->is_return };
	const char *body = strchr(arg, '=');

	if (body) {
		if (body - arg > MAX_ARG_NAME_LEN) {
			tfm_dynevent_log_err(log, 0, E_ARG_NAME_TOO_LONG);
			return -EINVAL;
		} else if (body == arg) {
			tfm_dynevent_log_err(log, 0, E_NO_ARG_NAME);
			return -EINVAL;
		}
		parg->name = g_strndup(arg, body - arg);
		body++;
	} else {
		parg->name = g_strdup_printf("arg%u", i + 1);
		body = arg;
	}
	if (!is_good_name(parg->name, false)) {
		tfm_dynevent_log_err(log, 0, E_BAD_ARG_NAME);
		return -EINVAL;
	}
	if (arg_name_used(parg->name, p->args, i)) {
		tfm_dynevent_log_err(log, 0, E_USED_ARG_NAME);
		return -EINVAL;
	}
	a.offset = body - arg;
	return parse_arg_body(&a, body, parg, &p->args_size);
}

//! Typed SPL syntax tree. Every node carries its [`Span`] (byte offsets into
//! the text given to [`crate::parse`], i.e. the macro-expanded text).

use crate::span::Span;

/// A name (field, command, function, lookup table...) with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident {
    /// Decoded name (quotes removed).
    pub name: String,
    /// Span of the name as written (quotes included).
    pub span: Span,
}

/// A literal value: bare word, quoted string, wildcard pattern or number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// Decoded text (quotes removed, escapes decoded).
    pub value: String,
    /// Raw span (quotes included).
    pub span: Span,
    /// Written in double quotes.
    pub quoted: bool,
}

impl Value {
    /// Contains an unescaped `*` wildcard.
    pub fn has_wildcard(&self) -> bool {
        self.value.contains('*')
    }
}

/// A whole search: commands separated by `|`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    /// Commands in order (the implicit leading `search` is included).
    pub commands: Vec<Command>,
    /// Span of the whole pipeline.
    pub span: Span,
}

/// One command of a pipeline.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    /// Command name (`search` for the implicit first command; then `name.span` is empty).
    pub name: Ident,
    /// True when the command name was not written (implicit `search`).
    pub implicit: bool,
    /// Span from the command name (or first argument) to the end of its arguments.
    pub span: Span,
    /// Structured body.
    pub kind: CommandKind,
    /// Error nodes: token ranges skipped during error recovery (each has a [`crate::ParseError`]).
    pub skipped: Vec<Span>,
}

/// The parsed body of a command.
#[derive(Debug, Clone, PartialEq)]
pub enum CommandKind {
    /// `search <filter>` (also the implicit first command).
    Search(SearchCmd),
    /// `where <eval-expr>`
    Where(WhereCmd),
    /// `eval x = expr, ...`
    Eval(EvalCmd),
    /// `tstats ...` (also `mstats`)
    Tstats(TstatsCmd),
    /// `stats`, `eventstats`, `streamstats`, `chart`, `timechart`.
    Stats(StatsCmd),
    /// `rename a as b, ...`
    Rename(RenameCmd),
    /// `lookup ...`
    Lookup(LookupCmd),
    /// `inputlookup ...`
    Inputlookup(InputlookupCmd),
    /// `join ... [subsearch]`
    Join(JoinCmd),
    /// `rex ...`
    Rex(RexCmd),
    /// `regex [field=|field!=]"regex"`
    Regex(RegexCmd),
    /// `fields`, `table`
    Fields(FieldsCmd),
    /// `dedup ...`
    Dedup(DedupCmd),
    /// `bin` / `bucket`
    Bin(BinCmd),
    /// `convert ...`
    Convert(ConvertCmd),
    /// `fillnull ...`
    Fillnull(FillnullCmd),
    /// `sort ...`
    Sort(SortCmd),
    /// `head` / `tail`
    Head(HeadCmd),
    /// `append`, `appendcols`, `appendpipe`, `union`-like commands with a subsearch.
    Append(AppendCmd),
    /// `transaction ...`
    Transaction(TransactionCmd),
    /// `mvexpand field`
    Mvexpand(MvexpandCmd),
    /// `spath ...`
    Spath(SpathCmd),
    /// `makeresults ...`
    Makeresults(MakeresultsCmd),
    /// An unexpanded macro used as a whole command: `` | `macro(x)` ``.
    Macro(MacroRef),
    /// Any other command: arguments tokenized generically.
    Generic(GenericCmd),
    /// Unparseable command text.
    Error(Span),
}

/// An unexpanded `` `macro(args)` `` token kept as an opaque term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroRef {
    /// Macro name.
    pub name: String,
    /// Arguments (quotes removed).
    pub args: Vec<String>,
    /// Span of the token (backticks included).
    pub span: Span,
}

/// `key=value` command option.
#[derive(Debug, Clone, PartialEq)]
pub struct CmdOption {
    /// Option name.
    pub key: Ident,
    /// Option value (may be a nested macro or subsearch-free word).
    pub value: Value,
    /// Whole option span.
    pub span: Span,
}

/// A generic argument of a command.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// `key=value` (also `key!=value`, `key<value`...).
    Option(CmdOption),
    /// Bare word or quoted string.
    Value(Value),
    /// `name(args)` (function-like argument).
    Call {
        /// Function name.
        name: Ident,
        /// Arguments.
        args: Vec<Arg>,
        /// Whole span.
        span: Span,
    },
    /// `( ... )` group.
    Group {
        /// Items inside.
        args: Vec<Arg>,
        /// Whole span.
        span: Span,
    },
    /// `[ subsearch ]`
    Subsearch(Box<Subsearch>),
    /// Unexpanded macro.
    Macro(MacroRef),
    /// `,`, stray comparison operators and anything else, kept by span.
    Punct(Span),
}

impl Arg {
    /// Span of the argument.
    pub fn span(&self) -> Span {
        match self {
            Arg::Option(o) => o.span,
            Arg::Value(v) => v.span,
            Arg::Call { span, .. } | Arg::Group { span, .. } => *span,
            Arg::Subsearch(s) => s.span,
            Arg::Macro(m) => m.span,
            Arg::Punct(s) => *s,
        }
    }
}

/// A `[ ... ]` subsearch.
#[derive(Debug, Clone, PartialEq)]
pub struct Subsearch {
    /// The inner pipeline.
    pub pipeline: Pipeline,
    /// Span including the brackets.
    pub span: Span,
}

/// Comparison operator used in the search language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `==`
    EqEq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// Operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::EqEq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }
}

/// Search-language filter tree (`search` command, `tstats ... where`, implicit first command).
///
/// Precedence follows Splunk: parentheses, then `NOT`, then `OR`, then
/// (explicit or implicit) `AND`.
#[derive(Debug, Clone, PartialEq)]
pub enum SearchExpr {
    /// Conjunction (explicit `AND` or juxtaposition).
    And {
        /// Operands (two or more).
        items: Vec<SearchExpr>,
        /// Span.
        span: Span,
    },
    /// Disjunction.
    Or {
        /// Operands (two or more).
        items: Vec<SearchExpr>,
        /// Span.
        span: Span,
    },
    /// `NOT x`.
    Not {
        /// Operand.
        expr: Box<SearchExpr>,
        /// Span including `NOT`.
        span: Span,
    },
    /// `( x )`.
    Group {
        /// Inner expression.
        expr: Box<SearchExpr>,
        /// Span including the parentheses.
        span: Span,
    },
    /// `field op value`.
    Compare {
        /// Field name.
        field: Ident,
        /// Operator.
        op: CmpOp,
        /// Operator span.
        op_span: Span,
        /// Right-hand value.
        value: Value,
        /// Whole span.
        span: Span,
    },
    /// `field IN (v1, v2, ...)`.
    In {
        /// Field name.
        field: Ident,
        /// Values.
        values: Vec<Value>,
        /// Whole span.
        span: Span,
    },
    /// Free-text term (bare word, quoted phrase, wildcard).
    Term(Value),
    /// Unexpanded macro.
    Macro(MacroRef),
    /// `[ subsearch ]`.
    Subsearch(Box<Subsearch>),
    /// Directive-like function term: `TERM(x)`, `CASE(x)`, anything `name(...)`.
    Func {
        /// Function name.
        name: Ident,
        /// Raw arguments.
        args: Vec<Arg>,
        /// Whole span.
        span: Span,
    },
    /// Unparseable tokens.
    Error(Span),
}

impl SearchExpr {
    /// Span of the node.
    pub fn span(&self) -> Span {
        match self {
            SearchExpr::And { span, .. }
            | SearchExpr::Or { span, .. }
            | SearchExpr::Not { span, .. }
            | SearchExpr::Group { span, .. }
            | SearchExpr::Compare { span, .. }
            | SearchExpr::In { span, .. }
            | SearchExpr::Func { span, .. } => *span,
            SearchExpr::Term(v) => v.span,
            SearchExpr::Macro(m) => m.span,
            SearchExpr::Subsearch(s) => s.span,
            SearchExpr::Error(s) => *s,
        }
    }
}

/// `search <filter>`.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchCmd {
    /// The filter (None for an empty search).
    pub filter: Option<SearchExpr>,
}

/// `where <expr>`.
#[derive(Debug, Clone, PartialEq)]
pub struct WhereCmd {
    /// The boolean expression.
    pub expr: Option<Expr>,
}

/// Binary operators of eval expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    /// `OR`
    Or,
    /// `XOR`
    Xor,
    /// `AND`
    And,
    /// `=`
    Eq,
    /// `==`
    EqEq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `LIKE`
    Like,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `.` (string concatenation)
    Concat,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
}

impl BinOp {
    /// True for comparison operators (`=`, `==`, `!=`, `<`, `<=`, `>`, `>=`, `LIKE`).
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eq
                | BinOp::EqEq
                | BinOp::Ne
                | BinOp::Lt
                | BinOp::Le
                | BinOp::Gt
                | BinOp::Ge
                | BinOp::Like
        )
    }
}

/// Unary operators of eval expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `NOT` / `!`
    Not,
    /// `-`
    Neg,
    /// `+`
    Plus,
}

/// Eval / where expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Binary operation.
    Binary {
        /// Operator.
        op: BinOp,
        /// Operator span.
        op_span: Span,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
        /// Whole span.
        span: Span,
    },
    /// Unary operation.
    Unary {
        /// Operator.
        op: UnaryOp,
        /// Operand.
        expr: Box<Expr>,
        /// Whole span.
        span: Span,
    },
    /// `field IN (a, b, ...)`.
    In {
        /// Tested expression.
        expr: Box<Expr>,
        /// Candidate values.
        list: Vec<Expr>,
        /// Whole span.
        span: Span,
    },
    /// Function call `name(args)`.
    Call {
        /// Function name.
        name: Ident,
        /// Arguments.
        args: Vec<Expr>,
        /// Whole span.
        span: Span,
    },
    /// Field reference (bare or `'single quoted'`).
    Field(Ident),
    /// Double-quoted string literal.
    Str(Value),
    /// Numeric literal (text kept as written).
    Number(Value),
    /// `( expr )`.
    Paren {
        /// Inner expression.
        expr: Box<Expr>,
        /// Span including parentheses.
        span: Span,
    },
    /// Unexpanded macro.
    Macro(MacroRef),
    /// Unparseable tokens.
    Error(Span),
}

impl Expr {
    /// Span of the node.
    pub fn span(&self) -> Span {
        match self {
            Expr::Binary { span, .. }
            | Expr::Unary { span, .. }
            | Expr::In { span, .. }
            | Expr::Call { span, .. }
            | Expr::Paren { span, .. } => *span,
            Expr::Field(i) => i.span,
            Expr::Str(v) | Expr::Number(v) => v.span,
            Expr::Macro(m) => m.span,
            Expr::Error(s) => *s,
        }
    }
}

/// One `field = expr` of `eval`.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalAssign {
    /// Assigned field.
    pub field: Ident,
    /// Value expression.
    pub expr: Expr,
    /// Whole span.
    pub span: Span,
}

/// `eval a = x, b = y`.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalCmd {
    /// Assignments in order.
    pub assignments: Vec<EvalAssign>,
}

/// An aggregation: `count`, `min(_time) as firstTime`, `count(eval(x>1))`.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregation {
    /// Function name (`count`, `values`, `dc`, ...).
    pub func: Ident,
    /// Arguments (fields or nested `eval(...)` expressions).
    pub args: Vec<AggArg>,
    /// `as alias`.
    pub alias: Option<Ident>,
    /// Whole span.
    pub span: Span,
}

/// Argument of an aggregation function.
#[derive(Debug, Clone, PartialEq)]
pub enum AggArg {
    /// A field name (may contain wildcards).
    Field(Ident),
    /// `eval(expr)`.
    Eval(Expr),
}

/// `tstats`.
#[derive(Debug, Clone, PartialEq)]
pub struct TstatsCmd {
    /// `key=value` options (summariesonly, allow_old_summaries, ...).
    pub options: Vec<CmdOption>,
    /// `prestats`, `local`, `append` etc. given as `key=value` appear in options; this flags `prestats=t`.
    pub prestats: bool,
    /// Aggregations.
    pub aggregations: Vec<Aggregation>,
    /// `from datamodel=X` / `from X` target.
    pub from: Option<Value>,
    /// `where <search-language>`.
    pub filter: Option<SearchExpr>,
    /// `by` fields.
    pub by: Vec<Ident>,
    /// Unexpanded macros appearing among the options/aggregations.
    pub macros: Vec<MacroRef>,
}

/// `stats` and friends.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsCmd {
    /// `key=value` options.
    pub options: Vec<CmdOption>,
    /// Aggregations.
    pub aggregations: Vec<Aggregation>,
    /// `by` fields.
    pub by: Vec<Ident>,
    /// `over` field (chart).
    pub over: Option<Ident>,
}

/// `rename a as b, ...`.
#[derive(Debug, Clone, PartialEq)]
pub struct RenameCmd {
    /// Pairs (from, to).
    pub pairs: Vec<(Ident, Ident)>,
}

/// A field with optional `as` alias.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldAs {
    /// Field name.
    pub field: Ident,
    /// Alias.
    pub alias: Option<Ident>,
}

/// `lookup [opts] table field [as f] ... [OUTPUT|OUTPUTNEW field [as f] ...]`.
#[derive(Debug, Clone, PartialEq)]
pub struct LookupCmd {
    /// Options (`local=`, `update=`).
    pub options: Vec<CmdOption>,
    /// Lookup table name.
    pub table: Option<Ident>,
    /// Input fields.
    pub inputs: Vec<FieldAs>,
    /// `OUTPUT` or `OUTPUTNEW` keyword, if any.
    pub output_mode: Option<Ident>,
    /// Output fields.
    pub outputs: Vec<FieldAs>,
}

/// `inputlookup [opts] table [where <search>]`.
#[derive(Debug, Clone, PartialEq)]
pub struct InputlookupCmd {
    /// Options.
    pub options: Vec<CmdOption>,
    /// Table name.
    pub table: Option<Ident>,
    /// `where` filter.
    pub filter: Option<SearchExpr>,
}

/// `join [opts] fields [subsearch]`.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinCmd {
    /// Options (`type=`, `max=`...).
    pub options: Vec<CmdOption>,
    /// Join fields.
    pub fields: Vec<Ident>,
    /// Subsearch.
    pub subsearch: Option<Box<Subsearch>>,
}

/// `rex [field=x] [mode=sed] "regex"`.
#[derive(Debug, Clone, PartialEq)]
pub struct RexCmd {
    /// Options.
    pub options: Vec<CmdOption>,
    /// The regex / sed expression.
    pub regex: Option<Value>,
}

/// `regex [field=|field!=]"regex"`.
#[derive(Debug, Clone, PartialEq)]
pub struct RegexCmd {
    /// Tested field (`_raw` when absent).
    pub field: Option<Ident>,
    /// `field!=` (keep non-matching events).
    pub negated: bool,
    /// The regular expression (decoded string).
    pub regex: Option<Value>,
}

/// `fields [+|-] a, b` and `table a b`.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldsCmd {
    /// True for `fields -`.
    pub remove: bool,
    /// Fields (may contain wildcards).
    pub fields: Vec<Ident>,
}

/// `dedup [N] fields [opts] [sortby ...]`.
#[derive(Debug, Clone, PartialEq)]
pub struct DedupCmd {
    /// Leading count.
    pub count: Option<Value>,
    /// Fields.
    pub fields: Vec<Ident>,
    /// Options.
    pub options: Vec<CmdOption>,
    /// `sortby` keys.
    pub sortby: Vec<SortKey>,
}

/// `bin [opts] field [as alias]`.
#[derive(Debug, Clone, PartialEq)]
pub struct BinCmd {
    /// Options (`span=`, `bins=`...).
    pub options: Vec<CmdOption>,
    /// Field.
    pub field: Option<FieldAs>,
}

/// `convert [opts] func(field) [as alias] ...`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConvertCmd {
    /// Options (`timeformat=`).
    pub options: Vec<CmdOption>,
    /// Conversions.
    pub conversions: Vec<Conversion>,
}

/// One conversion of `convert`.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    /// Conversion function (`ctime`, `num`, ...).
    pub func: Ident,
    /// Field argument.
    pub field: Option<Ident>,
    /// `as` alias.
    pub alias: Option<Ident>,
    /// Span.
    pub span: Span,
}

/// `fillnull [value=x] [fields]`.
#[derive(Debug, Clone, PartialEq)]
pub struct FillnullCmd {
    /// Options.
    pub options: Vec<CmdOption>,
    /// Fields.
    pub fields: Vec<Ident>,
}

/// A sort key: `-field`, `+field`, `num(field)`.
#[derive(Debug, Clone, PartialEq)]
pub struct SortKey {
    /// Field.
    pub field: Ident,
    /// Descending.
    pub descending: bool,
    /// Span.
    pub span: Span,
}

/// `sort [N] keys`.
#[derive(Debug, Clone, PartialEq)]
pub struct SortCmd {
    /// Leading limit.
    pub limit: Option<Value>,
    /// Options (`limit=`).
    pub options: Vec<CmdOption>,
    /// Keys.
    pub keys: Vec<SortKey>,
}

/// `head [N] [opts] [(expr)]`.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadCmd {
    /// Count.
    pub limit: Option<Value>,
    /// Options.
    pub options: Vec<CmdOption>,
    /// Eval expression.
    pub expr: Option<Expr>,
}

/// `append [opts] [subsearch]`, `appendpipe [subpipeline]`.
#[derive(Debug, Clone, PartialEq)]
pub struct AppendCmd {
    /// Options.
    pub options: Vec<CmdOption>,
    /// The bracketed pipeline.
    pub subsearch: Option<Box<Subsearch>>,
}

/// `transaction [fields] [opts]`.
#[derive(Debug, Clone, PartialEq)]
pub struct TransactionCmd {
    /// Fields.
    pub fields: Vec<Ident>,
    /// Options (`maxspan=`, `startswith=`...).
    pub options: Vec<CmdOption>,
}

/// `mvexpand field [limit=N]`.
#[derive(Debug, Clone, PartialEq)]
pub struct MvexpandCmd {
    /// Field.
    pub field: Option<Ident>,
    /// Options.
    pub options: Vec<CmdOption>,
}

/// `spath [opts] [path]`.
#[derive(Debug, Clone, PartialEq)]
pub struct SpathCmd {
    /// Options (`input=`, `output=`, `path=`).
    pub options: Vec<CmdOption>,
    /// Positional path.
    pub path: Option<Value>,
}

/// `makeresults [opts]`.
#[derive(Debug, Clone, PartialEq)]
pub struct MakeresultsCmd {
    /// Options (`count=`, `annotate=`).
    pub options: Vec<CmdOption>,
}

/// Any other command.
#[derive(Debug, Clone, PartialEq)]
pub struct GenericCmd {
    /// Arguments up to the next top-level `|`.
    pub args: Vec<Arg>,
}

/*
 * Velo SQL: the grammar of one statement (SPEC Appendix A).
 *
 * This file is the dialect's reference. Section numbers (§n) point into docs/spec/SPEC.md.
 *
 * What is NOT done here, and where it is done instead:
 *  - splitting a file into statements (§1.2: a ';' must end its line, E104) and annotations (§1.3): VeloParser, on the
 *    token stream this lexer produces (comments are kept on the HIDDEN channel for that);
 *  - "each tail clause at most once" (§3.1), INTO at most once (§2.6), OVER parts at most once (§11.1): the grammar
 *    accepts repetitions so that the AstBuilder can report E105 with a precise position instead of a vague E102;
 *  - number ranges (§4.3, E101), type checks such as TIMESTAMP(6) (§7.1, E301), rejected constructs (§17, E304):
 *    AstBuilder.
 *  - bad tokens (unterminated strings/comments, `5min`, stray characters) become error tokens (E101) rather than lexer
 *    errors, so one bad token costs exactly one diagnostic.
 */
grammar VeloSql;

options { caseInsensitive = true; }

// One statement, already split off by VeloParser. EOF here is the statement's end ';' (or the end of the file).
singleStatement
    : statement EOF
    ;

// Entry points used by VeloParser.parseQuery / parseExpression / parseType / parseColumnList.
singleQuery      : query EOF ;
singleExpression : expr EOF ;
singleType       : type EOF ;
columnList       : columnDef (',' columnDef)* EOF ;

// §2
statement
    : createStatement
    | queryStatement
    | command
    ;

// §2.1, §2.6. `into*` and a trailing `emit` after WITH: §2.6, §3.1 (INTO at most once: E105 in AstBuilder).
createStatement
    : CREATE kind=(STREAM | TABLE) identifier ('(' columnDef (',' columnDef)* ')')?
      AS query intoClause* withClause? emitClause?
    ;

// §2.3
queryStatement
    : query intoClause* withClause?
    ;

// §2.6: the older sink form, W108.
intoClause
    : INTO (identifier | string)
    ;

// §2.2
columnDef
    : identifier type (NOT NULL)?
    ;

// §2.4 and §17
command
    : SHOW kind=(STREAMS | TABLES | JOBS | QUERIES | FUNCTIONS)          # showCommand
    | DESCRIBE identifier                                                # describeCommand
    | STOP JOB identifier DRAIN?                                          # stopJobCommand
    | rejectedCommand                                                     # rejected
    ;

// §17: rejected with E304 and a hint; the rest of the statement is skipped.
rejectedCommand
    : (START | PAUSE | RESUME | DEPLOY | ROLLBACK) JOB .*?
    | STOP JOB identifier FORCE .*?
    | SHOW (TOPICS | STATUS) .*?
    ;

// §3. A query begins with SELECT; ORDER BY, LIMIT and EMIT only in the last branch (E105 in AstBuilder).
query
    : querySpecification (UNION ALL? querySpecification)*
    ;

// §3.1: SELECT, FROM, joins and WHERE in that order; then the tail clauses in any order, each at most once.
// WHERE is also accepted among the tail clauses so that a late WHERE is reported as E105 (misplaced).
querySpecification
    : SELECT DISTINCT? selectItem (',' selectItem)*
      (FROM relation joinClause*)?
      tailClause*
    ;

tailClause
    : WHERE expr                                    # whereClause
    | GROUP BY expr (',' expr)*                     # groupByClause
    | WINDOW windowSpec                             # windowClause
    | HAVING expr                                   # havingClause
    | ORDER BY orderItem (',' orderItem)*           # orderByClause
    | LIMIT INTEGER_VALUE                           # limitClause
    | emitClause                                    # emitTailClause
    ;

// §9
emitClause
    : EMIT emitMode=(CHANGES | FINAL)
    ;

// §3.2: an alias without AS is allowed (§17).
selectItem
    : '*'                                                    # allColumns
    | identifier '.' '*'                                     # qualifiedAllColumns
    | expr (AS? identifier)? (PRIMARY KEY)?                  # exprItem
    ;

// §3.3: a WITH directly after a FROM name belongs to the item; a derived table needs its alias (E102).
relation
    : identifier (AS? identifier)? withClause?               # namedRelation
    | string (AS? identifier)?                               # uriRelation
    | '(' query ')' AS? identifier                           # derivedRelation
    ;

// §12
joinClause
    : joinType? JOIN joinRelation ON expr (WITHIN duration)?
    ;

joinType
    : INNER
    | LEFT OUTER?
    | RIGHT OUTER?
    | FULL OUTER?
    ;

joinRelation
    : identifier (AS? identifier)?                           # namedJoinRelation
    | '(' query ')' AS? identifier                           # derivedJoinRelation
    ;

orderItem
    : expr (ASC | DESC)?
    ;

// §5.1: keys are strings or dotted words (any keyword is a word); values a string, an optionally negative number, a
// word, or a duration in either §4.4 form.
withClause
    : WITH '(' property (',' property)* ')'
    ;

property
    : propertyKey '=' propertyValue
    ;

propertyKey
    : string
    | word ('.' word)*
    ;

propertyValue
    : string                                        # stringValue
    | '-'? number                                   # numberValue
    | SHORT_DURATION                                # shortDurationValue
    | interval                                      # intervalValue
    | word                                          # wordValue
    ;

// §10.1
windowSpec
    : TUMBLING '(' (windowTime ',')? duration ')'                            # tumblingWindow
    | SLIDING '(' (windowTime ',')? duration ',' duration ')'                # slidingWindow
    | SESSION '(' (windowTime ',')? duration (',' expr)? ')'                 # sessionWindow
    ;

// A window's time: a column, or any TIMESTAMP or BIGINT expression (issue 14; SPEC §10.1 names a column).
windowTime
    : expr
    ;

// §4.4: a bare integer is seconds.
duration
    : SHORT_DURATION
    | interval
    | INTEGER_VALUE
    ;

interval
    : INTERVAL (string | INTEGER_VALUE) timeUnit
    ;

timeUnit
    : MILLISECOND | MILLISECONDS | SECOND | SECONDS | MINUTE | MINUTES
    | HOUR | HOURS | DAY | DAYS | WEEK | WEEKS
    ;

// §11.1: the buffer form takes its parts in any order (each at most once, E105); the standard form in this order.
overClause
    : OVER '(' (bufferWindow | standardWindow) ')'
    ;

bufferWindow
    : ROWS WINDOW BUFFER INTEGER_VALUE ROWS overPart*
    ;

standardWindow
    : partitionBy? overOrderBy? frame?
    ;

overPart
    : partitionBy
    | overOrderBy
    | frame
    | expire
    | overEmit
    ;

partitionBy
    : PARTITION BY expr (',' expr)*
    ;

overOrderBy
    : ORDER BY orderItem (',' orderItem)*
    ;

frame
    : unit=(ROWS | RANGE) BETWEEN frameBound AND frameBound
    ;

frameBound
    : UNBOUNDED dir=(PRECEDING | FOLLOWING)                                   # unboundedBound
    | CURRENT ROW                                                             # currentRowBound
    | (number | interval | SHORT_DURATION) dir=(PRECEDING | FOLLOWING)        # offsetBound
    ;

expire
    : EXPIRE AFTER (duration INACTIVITY | NEVER)
    ;

// EMIT ON BUFFER FULL is E304 (§17).
overEmit
    : EMIT EVERY RECORD
    | EMIT ON BUFFER FULL
    ;

// Expressions, loosest first (Appendix A).
expr
    : andExpr (OR andExpr)*
    ;

andExpr
    : notExpr (AND notExpr)*
    ;

notExpr
    : NOT* predicate
    ;

predicate
    : EXISTS '(' query ')'                                                    # existsPredicate
    | concat predicateTail?                                                   # basicPredicate
    ;

predicateTail
    : comparisonOperator quantifier=(ANY | SOME | ALL) '(' query ')'          # quantifiedComparison
    | comparisonOperator concat                                               # comparison
    | NOT? BETWEEN concat AND concat                                          # between
    | NOT? IN '(' query ')'                                                   # inSubquery
    | NOT? IN '(' expr (',' expr)* ')'                                        # inList
    | NOT? LIKE concat (ESCAPE string)?                                       # like
    | IS NOT? kind=(NULL | TRUE | FALSE)                                      # isPredicate
    ;

comparisonOperator
    : '=' | '<>' | '!=' | '<' | '<=' | '>' | '>='
    ;

// '||' binds more loosely than '+' and '-' (§15).
concat
    : additive ('||' additive)*
    ;

additive
    : multiplicative (op+=('+' | '-') multiplicative)*
    ;

multiplicative
    : unary (op+=('*' | '/' | '%') unary)*
    ;

// A '-' directly applied to an integer literal is folded into it (§4.3), in AstBuilder.
unary
    : sign=('+' | '-')? postfix
    ;

postfix
    : primary ('[' expr ']')*
    ;

// §4.1: the special forms come first, so CAST/TRY_CAST/EXTRACT/POSITION followed by '(' are never function calls
// (functionName excludes them), and TIMESTAMP/DATE followed by a string are typed literals.
primary
    : literal                                                                 # literalPrimary
    | CASE expr? whenClause+ (ELSE expr)? END                                 # caseExpr
    | kind=(CAST | TRY_CAST) '(' expr AS type ')'                             # castExpr
    | EXTRACT '(' identifier FROM expr ')'                                    # extractExpr
    | POSITION '(' concat (IN | ',') concat ')'                               # positionExpr
    | CURRENT_TIMESTAMP ('(' ')')?                                            # currentTimestamp
    | functionCall                                                            # functionPrimary
    | namePath                                                                # columnRef
    | '(' query ')'                                                           # subqueryExpr
    | '(' expr ')'                                                            # parenthesized
    ;

whenClause
    : WHEN expr THEN expr
    ;

// §15; WITHIN GROUP (§15) is told from a join's WITHIN by the GROUP after it.
functionCall
    : functionName '(' (star='*' | (DISTINCT? expr (',' expr)*))? ')'
      (WITHIN GROUP '(' ORDER BY orderItem (',' orderItem)* ')')?
      overClause?
    ;

functionName
    : IDENTIFIER
    | BACKQUOTED_IDENTIFIER
    | LEFT
    | RIGHT
    | nonReservedWord
    ;

namePath
    : identifier ('.' identifier)*
    ;

// §4.2, §4.3, §4.4
literal
    : number                                                                  # numericLiteral
    | string                                                                  # stringLiteral
    | (TRUE | FALSE)                                                          # booleanLiteral
    | NULL                                                                    # nullLiteral
    | interval                                                                # intervalLiteral
    | SHORT_DURATION                                                          # shortDurationLiteral
    | kind=(TIMESTAMP | DATE) string                                          # typedLiteral
    ;

number
    : INTEGER_VALUE
    | DECIMAL_VALUE
    | DOUBLE_VALUE
    ;

string
    : SINGLE_QUOTED_STRING
    | DOUBLE_QUOTED_STRING
    ;

// §7.1; names are resolved (and TIMESTAMP(6) rejected, E301) in AstBuilder.
type
    : ARRAY '<' type '>'                                                      # arrayType
    | MAP '<' type ',' type '>'                                               # mapType
    | STRUCT '<' identifier type (',' identifier type)* '>'                   # structType
    | identifier ('(' INTEGER_VALUE (',' INTEGER_VALUE)? ')')?                # namedType
    ;

// §4.1: identifiers are plain words, backtick words, or any non-reserved keyword.
identifier
    : IDENTIFIER
    | BACKQUOTED_IDENTIFIER
    | nonReservedWord
    | CAST | TRY_CAST | EXTRACT | POSITION
    ;

// §5.1: in property keys and values, a word is an identifier or any keyword.
word
    : identifier
    | reservedWord
    ;

// Keywords that are not reserved (§4.1): they are column names wherever an identifier fits.
nonReservedWord
    : STREAM | TABLE | SHOW | STREAMS | TABLES | JOBS | QUERIES | FUNCTIONS | DESCRIBE | STOP | JOB | DRAIN
    | FORCE | START | PAUSE | RESUME | DEPLOY | ROLLBACK | TOPICS | STATUS | CHANGES | FINAL | KEY | ASC | DESC
    | TUMBLING | SLIDING | SESSION | MILLISECOND | MILLISECONDS | SECOND | SECONDS | MINUTE | MINUTES | HOUR | HOURS
    | DAY | DAYS | WEEK | WEEKS | ROWS | BUFFER | PARTITION | RANGE | UNBOUNDED | PRECEDING | FOLLOWING | CURRENT
    | ROW | EXPIRE | AFTER | INACTIVITY | NEVER | EVERY | RECORD | TIMESTAMP | DATE | ARRAY | MAP | STRUCT
    ;

// The reserved words of §4.1 (never identifiers unless backtick-quoted).
reservedWord
    : ALL | AND | ANY | AS | BETWEEN | BY | CASE | CREATE | CURRENT_TIMESTAMP | DISTINCT | ELSE | EMIT | END | ESCAPE
    | EXISTS | FALSE | FROM | FULL | GROUP | HAVING | IN | INNER | INTERVAL | INTO | IS | JOIN | LEFT | LIKE | LIMIT
    | NOT | NULL | ON | OR | ORDER | OUTER | OVER | PRIMARY | RIGHT | SELECT | SOME | THEN | TRUE | UNION | WHEN
    | WHERE | WINDOW | WITH | WITHIN
    ;

// ---------------------------------------------------------------------------------------------------------------
// Lexer (§4). Keywords are case-insensitive (caseInsensitive option). Clause keywords come first so that the
// E102 "expected:" list (rendered in token order) reads in clause order.

SELECT: 'SELECT'; FROM: 'FROM'; WHERE: 'WHERE'; GROUP: 'GROUP'; BY: 'BY'; WINDOW: 'WINDOW'; HAVING: 'HAVING';
ORDER: 'ORDER'; LIMIT: 'LIMIT'; EMIT: 'EMIT'; INTO: 'INTO'; WITH: 'WITH'; UNION: 'UNION'; JOIN: 'JOIN';
INNER: 'INNER'; LEFT: 'LEFT'; RIGHT: 'RIGHT'; FULL: 'FULL'; OUTER: 'OUTER'; ON: 'ON'; WITHIN: 'WITHIN';
AS: 'AS'; ALL: 'ALL'; AND: 'AND'; ANY: 'ANY'; BETWEEN: 'BETWEEN'; CASE: 'CASE'; CREATE: 'CREATE';
CURRENT_TIMESTAMP: 'CURRENT_TIMESTAMP'; DISTINCT: 'DISTINCT'; ELSE: 'ELSE'; END: 'END'; ESCAPE: 'ESCAPE';
EXISTS: 'EXISTS'; FALSE: 'FALSE'; IN: 'IN'; INTERVAL: 'INTERVAL'; IS: 'IS'; LIKE: 'LIKE'; NOT: 'NOT';
NULL: 'NULL'; OR: 'OR'; OVER: 'OVER'; PRIMARY: 'PRIMARY'; SOME: 'SOME'; THEN: 'THEN'; TRUE: 'TRUE';
WHEN: 'WHEN';

STREAM: 'STREAM'; TABLE: 'TABLE'; SHOW: 'SHOW'; STREAMS: 'STREAMS'; TABLES: 'TABLES'; JOBS: 'JOBS';
QUERIES: 'QUERIES'; FUNCTIONS: 'FUNCTIONS'; DESCRIBE: 'DESCRIBE'; STOP: 'STOP'; JOB: 'JOB'; DRAIN: 'DRAIN';
FORCE: 'FORCE'; START: 'START'; PAUSE: 'PAUSE'; RESUME: 'RESUME'; DEPLOY: 'DEPLOY'; ROLLBACK: 'ROLLBACK';
TOPICS: 'TOPICS'; STATUS: 'STATUS'; CHANGES: 'CHANGES'; FINAL: 'FINAL'; KEY: 'KEY'; ASC: 'ASC'; DESC: 'DESC';
TUMBLING: 'TUMBLING'; SLIDING: 'SLIDING'; SESSION: 'SESSION';
MILLISECOND: 'MILLISECOND'; MILLISECONDS: 'MILLISECONDS'; SECOND: 'SECOND'; SECONDS: 'SECONDS';
MINUTE: 'MINUTE'; MINUTES: 'MINUTES'; HOUR: 'HOUR'; HOURS: 'HOURS'; DAY: 'DAY'; DAYS: 'DAYS';
WEEK: 'WEEK'; WEEKS: 'WEEKS';
ROWS: 'ROWS'; BUFFER: 'BUFFER'; PARTITION: 'PARTITION'; RANGE: 'RANGE'; UNBOUNDED: 'UNBOUNDED';
PRECEDING: 'PRECEDING'; FOLLOWING: 'FOLLOWING'; CURRENT: 'CURRENT'; ROW: 'ROW'; EXPIRE: 'EXPIRE';
AFTER: 'AFTER'; INACTIVITY: 'INACTIVITY'; NEVER: 'NEVER'; EVERY: 'EVERY'; RECORD: 'RECORD';
CAST: 'CAST'; TRY_CAST: 'TRY_CAST'; EXTRACT: 'EXTRACT'; POSITION: 'POSITION';
TIMESTAMP: 'TIMESTAMP'; DATE: 'DATE'; ARRAY: 'ARRAY'; MAP: 'MAP'; STRUCT: 'STRUCT';

EQ: '='; NEQ: '<>'; BANG_EQ: '!='; LTE: '<='; GTE: '>='; LT: '<'; GT: '>';
PLUS: '+'; MINUS: '-'; ASTERISK: '*'; SLASH: '/'; PERCENT: '%'; CONCAT: '||';
LPAREN: '('; RPAREN: ')'; LBRACKET: '['; RBRACKET: ']'; COMMA: ','; DOT: '.'; SEMICOLON: ';';

// §4.2: the delimiting quote is doubled inside; literals may span lines.
SINGLE_QUOTED_STRING: '\'' ( ~'\'' | '\'\'' )* '\'';
DOUBLE_QUOTED_STRING: '"' ( ~'"' | '""' )* '"';
UNTERMINATED_STRING: '\'' ( ~'\'' | '\'\'' )* EOF | '"' ( ~'"' | '""' )* EOF;   // E101

// §4.4: an integer directly followed by a unit is a short duration (listed before BAD_NUMBER: same length wins).
SHORT_DURATION: DIGIT+ ('MS' | 'S' | 'M' | 'H' | 'D' | 'W' | 'NS' | 'US');

// §4.3
INTEGER_VALUE: DIGIT+;
DECIMAL_VALUE: DIGIT+ '.' DIGIT+;
DOUBLE_VALUE: DIGIT+ ('.' DIGIT+)? 'E' [+-]? DIGIT+;
// A number or short duration directly followed by a letter, digit or '_' (5min, 2.5s, 1h30m, 12abc): E101.
BAD_NUMBER: DIGIT+ ('.' DIGIT+)? ('E' [+-]? DIGIT+)? [A-Z_] [A-Z_0-9]*;

// §4.1
IDENTIFIER: [A-Z_] [A-Z_0-9]*;
BACKQUOTED_IDENTIFIER: '`' ( ~'`' | '``' )* '`';
UNTERMINATED_IDENTIFIER: '`' ( ~'`' | '``' )* EOF;    // E101

// §1.2: comments stay on the HIDDEN channel: annotations (§1.3) are read from them.
LINE_COMMENT: '--' ~[\r\n]* -> channel(HIDDEN);
BLOCK_COMMENT: '/*' .*? '*/' -> channel(HIDDEN);
// Its body never contains '*/', so a terminated comment is always the longer BLOCK_COMMENT match.
UNTERMINATED_COMMENT: '/*' ( ~'*' | '*'+ ~[*/] )* '*'* EOF;   // E101

WS: [ \t\r\n\f\u00A0\uFEFF]+ -> skip;

fragment DIGIT: [0-9];

// Any other character: E101.
UNRECOGNIZED: .;

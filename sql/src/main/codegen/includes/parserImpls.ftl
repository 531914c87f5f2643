<#--
  Weir's statements, spliced into Calcite's Parser.jj by FMPP.
  The productions build passive syntax nodes (dev.weir.sql.parser.nodes);
  executing them is the session's job.
-->

/** A column name in DDL: an identifier, or a type keyword that people use as a name (timestamp, date, time, value). */
SqlIdentifier DdlColumnName() :
{
    final SqlIdentifier id;
}
{
    (
        id = SimpleIdentifier()
    |
        ( <TIMESTAMP> | <DATE> | <TIME> | <VALUE> | <YEAR> | <MONTH> | <DAY> | <HOUR> | <MINUTE> | <SECOND> | <USER> )
        { id = new SqlIdentifier(token.image, getPos()); }
    )
    { return id; }
}

/**
 * ROW<name type, ...> (Flink's spelling) or ROW(name type, ...) (the standard's). Unlike Calcite's
 * own ROW(...), fields are nullable unless declared NOT NULL, as in Flink.
 */
SqlTypeNameSpec WeirRowTypeName() :
{
    final Span s;
    final List<SqlIdentifier> names = new ArrayList<SqlIdentifier>();
    final List<SqlDataTypeSpec> types = new ArrayList<SqlDataTypeSpec>();
}
{
    <ROW> { s = span(); }
    (
        <LT> WeirRowField(names, types) ( <COMMA> WeirRowField(names, types) )* <GT>
    |
        <LPAREN> WeirRowField(names, types) ( <COMMA> WeirRowField(names, types) )* <RPAREN>
    )
    { return new SqlRowTypeNameSpec(s.end(this), names, types); }
}

/** One field of a ROW type: a name (back-quoted names keep their case), a type, [NOT] NULL. */
void WeirRowField(List<SqlIdentifier> names, List<SqlDataTypeSpec> types) :
{
    final SqlIdentifier name;
    final SqlDataTypeSpec type;
    boolean nullable = true;
}
{
    name = DdlColumnName()
    type = DataType()
    [
        <NOT> <NULL> { nullable = false; }
    |
        <NULL>
    ]
    {
        names.add(name);
        types.add(type.withNullable(nullable));
    }
}

/** CREATE [TEMPORARY] TABLE ... | CREATE [TEMPORARY] VIEW ... */
SqlCreate SqlCreateTableOrView(Span s, boolean replace) :
{
    boolean ifNotExists = false;
    final SqlIdentifier name;
    final SqlNode insert;
    final List<SqlNode> elements = new ArrayList<SqlNode>();
    SqlNodeList withOptions = SqlNodeList.EMPTY;
    SqlNodeList viewColumns = null;
    SqlNode comment = null;
    final SqlNode query;
}
{
    [ <TEMPORARY> ]
    (
        <TABLE>
        [ LOOKAHEAD(3) <IF> <NOT> <EXISTS> { ifNotExists = true; } ]
        name = CompoundIdentifier()
        <LPAREN>
        TableElement(elements)
        ( <COMMA> TableElement(elements) )*
        <RPAREN>
        [ <COMMENT> comment = StringLiteral() ]
        [ <WITH> withOptions = ParenthesizedKeyValueOptionCommaList() ]
        {
            return new SqlCreateTable(s.end(this), replace, ifNotExists, name,
                new SqlNodeList(elements, s.end(this)), withOptions, comment);
        }
    |
        [ <SYSTEM> ] <FUNCTION>
        [ LOOKAHEAD(3) <IF> <NOT> <EXISTS> { ifNotExists = true; } ]
        name = CompoundIdentifier()
        <AS> query = StringLiteral()
        [ <LANGUAGE> SimpleIdentifier() ]
        {
            return new SqlCreateFunction(s.end(this), replace, ifNotExists, name, query);
        }
    |
        <PIPELINE>
        [ LOOKAHEAD(3) <IF> <NOT> <EXISTS> { ifNotExists = true; } ]
        name = CompoundIdentifier()
        [ <WITH> withOptions = ParenthesizedKeyValueOptionCommaList() ]
        <AS>
        insert = SqlInsert()
        {
            return new SqlCreatePipeline(s.end(this), replace, ifNotExists, name, withOptions, (SqlInsert) insert);
        }
    |
        <VIEW>
        [ LOOKAHEAD(3) <IF> <NOT> <EXISTS> { ifNotExists = true; } ]
        name = CompoundIdentifier()
        [ viewColumns = ParenthesizedSimpleIdentifierList() ]
        <AS>
        query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
        {
            return new SqlCreateView(s.end(this), replace, ifNotExists, name, viewColumns, query);
        }
    )
}

/** One element of a CREATE TABLE list: a column, a watermark, or a primary key. */
void TableElement(List<SqlNode> list) :
{
    final Span s;
    final SqlIdentifier name;
    SqlDataTypeSpec type;
    boolean nullable = true;
    SqlNode expr = null;
    SqlNode metadataKey = null;
    boolean metadata = false;
    boolean virtual = false;
    SqlNode comment = null;
    final SqlNodeList columns;
}
{
    (
        LOOKAHEAD(2)
        <WATERMARK> { s = span(); } <FOR>
        name = DdlColumnName()
        <AS>
        expr = Expression(ExprContext.ACCEPT_NON_QUERY)
        { list.add(new SqlWatermark(s.end(this), name, expr)); }
    |
        [ <CONSTRAINT> SimpleIdentifier() ]
        <PRIMARY> { s = span(); } <KEY>
        columns = ParenthesizedSimpleIdentifierList()
        [ <NOT> <ENFORCED> ]
        { list.add(SqlTableColumn.primaryKey(s.end(this), columns)); }
    |
        name = DdlColumnName() { s = span(); }
        (
            <AS> expr = Expression(ExprContext.ACCEPT_NON_QUERY)
            { type = null; }
        |
            type = DataType()
            [
                <NOT> <NULL> { nullable = false; }
            |
                <NULL> { nullable = true; }
            ]
            [
                <METADATA> { metadata = true; }
                [ <FROM> metadataKey = StringLiteral() ]
                [ <VIRTUAL> { virtual = true; } ]
            ]
            { type = type.withNullable(nullable); }
        )
        [ <COMMENT> comment = StringLiteral() ]
        {
            list.add(new SqlTableColumn(s.end(this), name, type, expr, metadata, metadataKey, virtual, comment));
        }
    )
}

/** DROP [TEMPORARY] TABLE|VIEW|FUNCTION [IF EXISTS] name */
SqlDrop SqlDropTableOrView(Span s, boolean replace) :
{
    SqlDropObject.Kind kind;
    boolean ifExists = false;
    final SqlIdentifier name;
}
{
    [ <TEMPORARY> ]
    (
        <TABLE> { kind = SqlDropObject.Kind.TABLE; }
    |
        <VIEW> { kind = SqlDropObject.Kind.VIEW; }
    |
        [ <SYSTEM> ] <FUNCTION> { kind = SqlDropObject.Kind.FUNCTION; }
    |
        <PIPELINE> { kind = SqlDropObject.Kind.PIPELINE; }
    )
    [ LOOKAHEAD(2) <IF> <EXISTS> { ifExists = true; } ]
    name = CompoundIdentifier()
    { return new SqlDropObject(s.end(this), kind, ifExists, name); }
}

/** ADD JAR '/path/udfs.jar' */
SqlNode SqlAddJarStatement() :
{
    final Span s;
    final SqlNode path;
}
{
    <ADD> { s = span(); } <JAR> path = StringLiteral()
    { return new SqlAddJar(s.end(this), path); }
}

/** SET, SET 'key' = 'value' (Flink's form), or SET key = value. */
SqlNode SqlWeirSet() :
{
    final Span s;
    SqlNode key = null;
    SqlNode value = null;
}
{
    <SET> { s = span(); }
    [
        ( key = StringLiteral() | key = CompoundIdentifier() )
        <EQ>
        (
            value = StringLiteral()
        |
            value = NumericLiteral()
        |
            value = CompoundIdentifier()
        |
            <TRUE> { value = SqlLiteral.createCharString("true", getPos()); }
        |
            <FALSE> { value = SqlLiteral.createCharString("false", getPos()); }
        )
    ]
    { return new SqlSet(s.end(this), key, value); }
}

/** RESET, or RESET 'key'. */
SqlNode SqlWeirReset() :
{
    final Span s;
    SqlNode key = null;
}
{
    <RESET> { s = span(); }
    [ key = StringLiteral() | key = CompoundIdentifier() ]
    { return new SqlReset(s.end(this), key); }
}

/** SHOW TABLES | VIEWS | CONNECTORS */
SqlNode SqlShowObjects() :
{
    final Span s;
    final SqlShow.Kind kind;
}
{
    <SHOW> { s = span(); }
    (
        <TABLES> { kind = SqlShow.Kind.TABLES; }
    |
        <VIEWS> { kind = SqlShow.Kind.VIEWS; }
    |
        <CONNECTORS> { kind = SqlShow.Kind.CONNECTORS; }
    |
        <FUNCTIONS> { kind = SqlShow.Kind.FUNCTIONS; }
    |
        <PIPELINES> { kind = SqlShow.Kind.PIPELINES; }
    )
    { return new SqlShow(s.end(this), kind); }
}

/** DESCRIBE [TABLE] name | DESCRIBE CONNECTOR name (DESC works too). */
SqlNode SqlWeirDescribe() :
{
    final Span s;
    final SqlIdentifier name;
}
{
    ( <DESCRIBE> | <DESC> ) { s = span(); }
    (
        LOOKAHEAD(2)
        <CONNECTOR> name = SimpleIdentifier()
        { return new SqlDescribeConnector(s.end(this), name); }
    |
        [ <TABLE> ] name = CompoundIdentifier()
        { return new SqlDescribeObject(s.end(this), name); }
    )
}

/** EXPLAIN [PLAN FOR] query-or-insert */
SqlNode SqlWeirExplain() :
{
    final Span s;
    final SqlNode stmt;
}
{
    <EXPLAIN> { s = span(); }
    [ LOOKAHEAD(2) <PLAN> <FOR> ]
    stmt = SqlQueryOrDml()
    { return new SqlExplainQuery(s.end(this), stmt); }
}

/** STOP PIPELINE name [WITH SAVEPOINT] | START PIPELINE name */
SqlNode SqlStopPipeline() :
{
    final Span s;
    final SqlIdentifier name;
    boolean savepoint = false;
}
{
    (
        <STOP> { s = span(); } <PIPELINE>
        name = CompoundIdentifier()
        [ <WITH> <SAVEPOINT> { savepoint = true; } ]
        { return new SqlStopPipeline(s.end(this), name, false, savepoint); }
    |
        <START> { s = span(); } <PIPELINE>
        name = CompoundIdentifier()
        { return new SqlStopPipeline(s.end(this), name, true, false); }
    )
}

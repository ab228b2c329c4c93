import PostgresClient
import Testing

@Suite(.enabled(if: TestServer.available, TestServer.skipReason))
struct RoundTripTests {
    @Test func everyTypeRoundTripsIncludingNull() throws {
        let db = try TestServer.connect()
        let text = "Zoë’s 🏫 学校 — ünïcödé \"quoted\" 'single' \\ back"
        let row = try db.execute(
            "SELECT $1::bigint AS i, $2::float8 AS d, $3::text AS t, $4::bool AS b, $5::text AS n, $6::bigint AS ni, $7::text AS empty",
            [.int(Int64.min), .double(-1.5e300), .text(text), .bool(true), nil, PostgresValue(nil as Int?), ""]
        ).single()
        #expect(try row.int64("i") == Int64.min)
        #expect(try row.double("d") == -1.5e300)
        #expect(try row.string("t") == text)
        #expect(try row.bool("b") == true)
        #expect(try row.isNull("n"))
        #expect(try row.string("n") == nil)
        #expect(try row.int64("ni") == nil)
        #expect(try row.string("empty") == "", "an empty string is not NULL")
        #expect(try row.isNull("empty") == false)
    }

    @Test(arguments: [Int64.max, Int64.min, 0, -1, 42])
    func integers(value: Int64) throws {
        let db = try TestServer.connect()
        #expect(try db.execute("SELECT $1::bigint", [.int(value)]).single().int64(0) == value)
    }

    @Test(arguments: [0.1, -0.0, Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, Double.infinity, -Double.infinity, 1.0 / 3])
    func doublesAreExact(value: Double) throws {
        let db = try TestServer.connect()
        let read = try db.execute("SELECT $1::float8", [.double(value)]).single().double(0)
        #expect(read == value)
        #expect(read?.sign == value.sign)
    }

    @Test func nanAndBooleansAndSmallIntegers() throws {
        let db = try TestServer.connect()
        let row = try db.execute("SELECT 'NaN'::float8, false, 7::int2, 8::int4, 2.5::numeric, 3.25::float4").single()
        #expect(try row.double(0)?.isNaN == true)
        #expect(try row.bool(1) == false)
        #expect(try row.int64(2) == 7)
        #expect(try row.int64(3) == 8)
        #expect(try row.double(4) == 2.5)
        #expect(try row.double(5) == 3.25)
    }

    @Test func readingAnotherTypeOrAMissingColumnThrows() throws {
        let db = try TestServer.connect()
        let row = try db.execute("SELECT 'x'::text AS t, 1 AS i").single()
        #expect(throws: PostgresError.self) { try row.int64("t") }
        #expect(throws: PostgresError.self) { try row.bool("i") }
        #expect(throws: PostgresError.self) { try row.string("nope") }
        #expect(throws: PostgresError.self) { try row.string(5) }
        #expect(try row.string("i") == "1", "any value reads as its text")
    }

    @Test func aParameterIsNeverReadAsSQL() throws {
        let db = try TestServer.connect()
        let table = uniqueName("pupils")
        try db.execute("CREATE TEMP TABLE \(table) (name text NOT NULL)")
        try db.execute("INSERT INTO \(table) VALUES ('alice'), ('bob')")
        let attack = "nobody' OR '1'='1'; DROP TABLE \(table); --"
        let found = try db.execute("SELECT name FROM \(table) WHERE name = $1", [.text(attack)])
        #expect(found.rows.isEmpty, "concatenated, this would have matched every row (and dropped the table)")
        try db.execute("INSERT INTO \(table) VALUES ($1)", [.text(attack)])
        let stored = try db.execute("SELECT name FROM \(table) WHERE name = $1", [.text(attack)])
        #expect(try stored.single().string("name") == attack)
        #expect(try db.execute("SELECT count(*) FROM \(table)").single().int64(0) == 3)
    }

    @Test func commandTagsAndAffectedRows() throws {
        let db = try TestServer.connect()
        let table = uniqueName("t")
        try db.execute("CREATE TEMP TABLE \(table) (n bigint)")
        let insert = try db.execute("INSERT INTO \(table) SELECT generate_series(1, 5)")
        #expect(insert.command == "INSERT 0 5")
        #expect(insert.affectedRows == 5)
        #expect(try db.execute("DELETE FROM \(table) WHERE n > $1", [3]).affectedRows == 2)
        let select = try db.execute("SELECT n FROM \(table) ORDER BY n")
        #expect(select.columns == [PostgresColumn(name: "n", typeOID: PostgresType.int8)])
        #expect(try select.rows.map { try $0.int64(0) } == [1, 2, 3])
    }

    @Test func parametersTakeTheTypeTheirPlaceNeeds() throws {
        let db = try TestServer.connect()
        let row = try db.execute(
            "SELECT pg_typeof($1::int4 + $2) = 'integer'::regtype, $3 < now(), $4 AND true, $5 * 2.0",
            [1, 2, "2001-09-01 08:00+02", true, 1.25]
        ).single()
        #expect(try row.bool(0) == true)
        #expect(try row.bool(1) == true, "a text parameter read as a timestamptz")
        #expect(try row.bool(2) == true)
        #expect(try row.double(3) == 2.5)
        #expect(try db.execute("SELECT $1", [7]).single().string(0) == "7", "a bare parameter is text")
    }

    @Test func aScriptRunsSeveralStatements() throws {
        let db = try TestServer.connect()
        let table = uniqueName("s")
        let last = try db.executeScript(
            "CREATE TEMP TABLE \(table) (n int); INSERT INTO \(table) VALUES (1), (2); SELECT sum(n) FROM \(table);")
        #expect(try last.single().int64(0) == 3)
    }

    @Test func aNulInTextIsRefusedBeforeSending() throws {
        let db = try TestServer.connect()
        let error = try #require(throws: PostgresError.self) { try db.execute("SELECT $1::text", [.text("a\u{0}b")]) }
        #expect(error.kind == .usage)
        #expect(db.isOpen)
    }

    @Test func aClosedConnectionSaysSo() throws {
        let db = try TestServer.connect()
        db.close()
        db.close()
        let error = try #require(throws: PostgresError.self) { try db.execute("SELECT 1") }
        #expect(error.kind == .usage)
        #expect(error.message.contains("closed"))
    }
}

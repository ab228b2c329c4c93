import LuaSyntax
import Testing

@Suite struct PositionTests {
    @Test func positionsOrderByLineThenColumn() {
        #expect(SourcePosition(line: 2, column: 1) > SourcePosition(line: 1, column: 40))
        #expect(SourcePosition(line: 3, column: 7).description == "3:7")
    }
}

// The stack of open blocks, and the guess of which one misses its `end`.
//
// Every `end` (or `until`) that closes a block at a smaller indentation than the line that opened
// it is remembered. When a block is left open, the deepest such mismatch inside it is most likely
// the block whose `end` was forgotten: from there on each `end` closed the block around the one
// it was meant for.

/// A block whose closing word has not been read yet.
struct OpenBlock {
    /// `function`, `if`, `while`, `for`, `do` or `repeat`.
    var keyword: String
    var position: SourcePosition
    /// The indentation of the line with the opening keyword.
    var indentation: Int
    /// How many blocks were opened before this one: the blocks opened inside it have larger ones.
    var order: Int
    /// How many blocks enclose it.
    var depth: Int

    var closingWord: String { keyword == "repeat" ? "until" : "end" }
}

/// A block closed by an `end` (or `until`) indented less than the line that opened it.
struct MismatchedEnd {
    var block: OpenBlock
    var closer: Token
    /// The line of an enclosing block opened at the closer's indentation, if any.
    var linesUpWith: Int?
}

extension Parser {
    /// Opens a block at the current token (its keyword).
    mutating func openBlock(_ keyword: String) -> OpenBlock {
        openBlock(keyword, at: token)
    }

    mutating func openBlock(_ keyword: String, at keywordToken: Token) -> OpenBlock {
        let block = OpenBlock(
            keyword: keyword, position: keywordToken.position, indentation: keywordToken.indentation,
            order: blocksOpened, depth: openBlocks.count)
        blocksOpened += 1
        openBlocks.append(block)
        return block
    }

    /// Reads the closing word of the innermost open block, or fails naming that block.
    mutating func closeBlock(_ block: OpenBlock) throws(LuaSyntaxError) {
        guard at(block.closingWord) else { throw missingClose(of: block) }
        openBlocks.removeLast()
        if token.indentation < block.indentation {
            let target = openBlocks.last { $0.indentation == token.indentation }
            mismatches.append(MismatchedEnd(block: block, closer: token, linesUpWith: target?.position.line))
        }
        try advance()
    }

    /// The current token cannot continue `block`: "'end' expected (to close 'function' at line 1)
    /// near ')'", with the likely culprit when the indentation tells.
    func missingClose(of block: OpenBlock) -> LuaSyntaxError {
        let word = block.closingWord
        var message =
            block.position.line == token.position.line
            ? "'\(word)' expected near \(near(token))"
            : "'\(word)' expected (to close '\(block.keyword)' at line \(block.position.line)) near \(near(token))"
        if let culprit = likelyCulprit(inside: block) {
            let closer = "the '\(culprit.closer.text)' at line \(culprit.closer.position.line)"
            let alignment =
                culprit.linesUpWith.map { "\(closer) lines up with line \($0)" }
                ?? "\(closer) is indented less than line \(culprit.block.position.line)"
            message +=
                "; the '\(culprit.block.keyword)' at line \(culprit.block.position.line) is probably missing its "
                + "'\(culprit.block.closingWord)' (\(alignment))"
        }
        return LuaSyntaxError(message, at: token.position)
    }

    /// The deepest block closed at the wrong indentation inside `block` (the earliest of equals).
    func likelyCulprit(inside block: OpenBlock) -> MismatchedEnd? {
        var best: MismatchedEnd?
        for mismatch in mismatches where mismatch.block.order > block.order {
            guard let current = best else {
                best = mismatch
                continue
            }
            let deeper = mismatch.block.depth > current.block.depth
            let sameDepthEarlier = mismatch.block.depth == current.block.depth && mismatch.block.order < current.block.order
            if deeper || sameDepthEarlier { best = mismatch }
        }
        return best
    }
}

// `goto` and labels: a goto must see its label (in its block or an enclosing one of the same
// function, before or after it), and a label may not repeat a visible one.
extension Parser {
    private var function: FunctionContext {
        get { functions[functions.count - 1] }
        set { functions[functions.count - 1] = newValue }
    }

    mutating func openLabelScope() {
        function.labels.append([:])
    }

    /// Ends a block's labels; its pending gotos may still find a label later in the enclosing block.
    mutating func closeLabelScope() {
        function.labels.removeLast()
        let depth = function.labels.count
        for index in function.pendingGotos.indices where function.pendingGotos[index].blockDepth > depth {
            function.pendingGotos[index].blockDepth = depth
        }
    }

    mutating func addGoto(_ label: Name) {
        if function.labels.contains(where: { $0[label.text] != nil }) { return }
        function.pendingGotos.append(PendingGoto(label: label, blockDepth: function.labels.count))
    }

    /// Lua reports a `break` outside a loop like a goto without label, when the function ends.
    mutating func addBreakOutsideLoop(at position: SourcePosition) {
        function.pendingGotos.append(PendingGoto(label: Name("break", at: position), blockDepth: 0))
    }

    mutating func addLabel(_ label: Name) throws(LuaSyntaxError) {
        for scope in function.labels {
            if let line = scope[label.text] {
                throw LuaSyntaxError("label '\(label.text)' already defined on line \(line)", at: label.position)
            }
        }
        function.labels[function.labels.count - 1][label.text] = label.position.line
        let depth = function.labels.count
        function.pendingGotos.removeAll { $0.label.text == label.text && $0.blockDepth == depth }
    }

    /// At the end of a function: a goto still pending has no visible label.
    func closeFunctionGotos() throws(LuaSyntaxError) {
        guard let pending = function.pendingGotos.first else { return }
        if pending.label.text == "break" {
            throw LuaSyntaxError("break outside a loop at line \(pending.label.position.line)", at: pending.label.position)
        }
        throw LuaSyntaxError(
            "no visible label '\(pending.label.text)' for <goto> at line \(pending.label.position.line)",
            at: pending.label.position)
    }
}

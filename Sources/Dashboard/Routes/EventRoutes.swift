import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Presentation
import SessionEngine
import SessionStore

/// `GET /events` (also `/api/v1/events`): server-sent events, one per journal event committed by
/// any process, with the journal `seq` as the event id. A reconnecting browser sends
/// `Last-Event-ID` and resumes after it, the events it missed read from the journal first.
///
/// ```
/// id: 42
/// event: journal
/// data: {"seq":42,"at":"2026-03-02T08:00:00Z","event":"locked",…}
/// ```
struct EventRoutes {
    let dashboard: Dashboard

    static let lastEventID = HTTPField.Name.fixed("Last-Event-ID")

    func add(to router: Router<DashboardContext>) {
        router.get("/events") { request, context in try stream(request, context) }
        router.get("/api/v1/events") { request, context in try stream(request, context) }
    }

    private func stream(_ request: Request, _ context: DashboardContext) throws -> Response {
        let identity = try context.requireIdentity()
        let resumeText = request.headers[Self.lastEventID] ?? request.uri.queryParameters["after"].map(String.init)
        var resume: Int64?
        if let resumeText {
            guard let seq = Int64(resumeText), seq >= 0 else {
                throw DashboardError.badRequest("Last-Event-ID (or after) must be a journal seq, a number, not '\(resumeText)'")
            }
            resume = seq
        }
        let feed = dashboard.feed
        let store = dashboard.lab.store
        let account = identity.account
        let subscription = feed.subscribe()
        let start = resume ?? feed.lastSeq
        let body = ResponseBody { writer in
            do {
                var sent = start
                try await writer.write(ByteBuffer(string: "retry: 2000\n: stationkeeper journal from seq \(start)\n\n"))
                // Catch up from the journal to where the feed is; the feed may already hold some of them.
                while true {
                    let after = sent
                    let missed = try await Blocking.run { try store.events(after: after, limit: LiveFeed.batch) }
                    guard !missed.isEmpty else { break }
                    sent = try await write(missed, after: sent, account: account, to: &writer)
                }
                for await batch in subscription.events {
                    if batch.isEmpty {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    } else {
                        sent = try await write(batch, after: sent, account: account, to: &writer)
                    }
                }
                feed.unsubscribe(subscription.id)
                try await writer.finish(nil)
            } catch {
                feed.unsubscribe(subscription.id)
                throw error
            }
        }
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-store", HTTPField.Name.fixed("X-Accel-Buffering"): "no"],
            body: body)
    }

    /// Writes the events after `sent` the account may see, as one chunk; returns the new position.
    private func write(_ events: [Event], after sent: Int64, account: Account, to writer: inout any ResponseBodyWriter)
        async throws -> Int64
    {
        var text = ""
        var last = sent
        for event in events {
            guard let seq = event.seq, seq > sent else { continue }
            last = seq
            guard JournalQuery.visible(event, to: account) else { continue }
            text += "id: \(seq)\nevent: journal\ndata: \(Render.json(event).compactText)\n\n"
        }
        if !text.isEmpty { try await writer.write(ByteBuffer(string: text)) }
        return last
    }
}

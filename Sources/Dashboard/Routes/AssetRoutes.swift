import Hummingbird
import NIOCore

/// `/assets/dashboard.css` and `/assets/dashboard.js`, compiled into the binary.
enum AssetRoutes {
    static func add(to router: Router<DashboardContext>) {
        router.get("/assets/dashboard.css") { _, _ in asset(PackageResources.dashboard_css, type: "text/css; charset=utf-8") }
        router.get("/assets/dashboard.js") { _, _ in asset(PackageResources.dashboard_js, type: "text/javascript; charset=utf-8") }
    }

    private static func asset(_ bytes: [UInt8], type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "max-age=300"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

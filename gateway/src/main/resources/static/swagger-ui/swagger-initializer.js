// One Swagger UI for the documents of every service, read through the gateway (routes api-docs-*).
window.onload = function () {
	window.ui = SwaggerUIBundle({
		urls: [
			{ name: "user-service", url: "/v3/api-docs/user-service" },
			{ name: "order-service", url: "/v3/api-docs/order-service" }
		],
		"urls.primaryName": "user-service",
		dom_id: "#swagger-ui",
		deepLinking: true,
		presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
		plugins: [SwaggerUIBundle.plugins.DownloadUrl],
		layout: "StandaloneLayout",
		// A token typed into "Authorize" lives in this tab only: never written to storage.
		persistAuthorization: false,
		// The documents name no server, so "Try it out" calls this origin: the gateway.
		tryItOutEnabled: false
	});
};

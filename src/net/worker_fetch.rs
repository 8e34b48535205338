//! The poll worker's door to the network (`src/bin/poll-worker.rs`): `fetch` from the
//! worker's global scope, with the headers the page's transport gave it and under the
//! backend's timeout. No sign-in, waits or retries: an answer that needs them hands the poll
//! back to the page (see [`crate::poll_worker`]).

use std::cell::Cell;
use std::rc::Rc;

use async_trait::async_trait;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{header_pairs, js_error, js_text, network_message, request_init, MAX_RESPONSE_BYTES};
use crate::http::{ApiError, HttpRequest, HttpResponse};
use crate::vendor::{Exchange, Streamed};

/// `fetch` in a Web Worker, for one backend.
pub struct WorkerFetch {
    /// The API root (no trailing slash).
    pub base_url: String,
    /// Headers every request carries (credentials).
    pub headers: Vec<(String, String)>,
    /// How long a request, its whole answer included, may take.
    pub timeout_secs: u32,
}

#[async_trait(?Send)]
impl Exchange for WorkerFetch {
    async fn send(&self, req: HttpRequest) -> Result<HttpResponse, ApiError> {
        let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
        let url = format!("{}{}", self.base_url, req.path_and_query());
        let (init, controller) = request_init(&req, "application/json", &self.headers)?;
        let secs = self.timeout_secs;
        let timed_out = Rc::new(Cell::new(false));
        let on_timeout = {
            let (c, flag) = (controller.clone(), timed_out.clone());
            Closure::once(move || {
                flag.set(true);
                c.abort();
            })
        };
        let timer = scope
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                on_timeout.as_ref().unchecked_ref(),
                (secs * 1000) as i32,
            )
            .map_err(js_error)?;
        let fail = |e: JsValue| {
            if timed_out.get() {
                ApiError::Timeout(secs)
            } else {
                ApiError::Network(network_message(&js_text(&e)))
            }
        };
        let result = async {
            let resp: web_sys::Response =
                wasm_bindgen_futures::JsFuture::from(scope.fetch_with_str_and_init(&url, &init))
                    .await
                    .map_err(fail)?
                    .dyn_into()
                    .map_err(js_error)?;
            let headers = header_pairs(&resp.headers());
            let too_large = ApiError::TooLarge(MAX_RESPONSE_BYTES as u64);
            let declared = headers
                .iter()
                .find(|(k, _)| k == "content-length")
                .and_then(|(_, v)| v.trim().parse::<u64>().ok());
            if declared.is_some_and(|n| n > MAX_RESPONSE_BYTES as u64) {
                controller.abort();
                return Err(too_large);
            }
            let body = wasm_bindgen_futures::JsFuture::from(resp.text().map_err(js_error)?)
                .await
                .map_err(fail)?
                .as_string()
                .unwrap_or_default();
            if body.len() > MAX_RESPONSE_BYTES {
                return Err(too_large);
            }
            Ok(HttpResponse {
                status: resp.status(),
                headers,
                body,
            })
        }
        .await;
        scope.clear_timeout_with_handle(timer);
        drop(on_timeout);
        result
    }

    /// No streams in the worker: the answer comes whole (lists do not stream).
    async fn send_streaming(
        &self,
        req: HttpRequest,
        _on_chunk: &mut (dyn for<'c> FnMut(&'c str) -> bool + '_),
    ) -> Result<Streamed, ApiError> {
        Ok(Streamed::Whole(self.send(req).await?))
    }
}

#!/usr/bin/env python3
"""Drive the official Huawei Cloud Python SDK for DCS against an endpoint (normally the simulator).

Usage (the SK is read from the environment only, never from argv, and is never printed):

    OS_SECRET_KEY=... python sdk_client.py --endpoint http://127.0.0.1:8787 \
        --project-id <32 hex> --ak <AK> --instance <uuid> [--instance <uuid> ...] \
        [--sync-swap-instance <uuid> ...] [--job-timeout 30] [--poll-interval 0.05]
        [--only show_instance,client_ip,async_swap,sync_swap,show_job,list_tasks]

Every option has an environment fallback: DCS_ENDPOINT, OS_PROJECT_ID, OS_ACCESS_KEY,
OS_SECRET_KEY, DCS_INSTANCE_IDS / DCS_SYNC_SWAP_INSTANCE_IDS (comma-separated).

Per `--instance`: ShowInstance, UpdateClientIpTransparentTransmission (flips the current flag),
ShowJobInfo until SUCCESS/FAIL, ShowInstance, ChangeMasterStandbyAsync, ShowJobInfo until
SUCCESS/FAIL, ListBackgroundTask, and ShowJobInfo of an unknown job (expected 404 DCS.4001).
Per `--sync-swap-instance`: ChangeMasterStandby (the synchronous swap), then ListBackgroundTask
until its masterStandbySwapJob task ends, then ShowInstance. With `--only`: just those calls, once
each, per `--instance` (client_ip flips the flag the last show_instance saw, else enables;
show_job asks for the last job id returned, else an unknown one).

Prints ONE JSON object on stdout: SDK versions, and per operation ok/error, HTTP status, the
SDK's parsed model (to_dict()), how the SDK typed each field, the fields it could not type as
declared or dropped, the headers it signed, and for errors the exception's error_code/error_msg.
Exit code 0 whenever that object was printed (operation failures are data, not crashes), 2 on
bad usage.
"""

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
import warnings
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse

# Importing huaweicloudsdkcore writes ~/.huaweicloud/application_id (a per-user id for its
# User-Agent). Point HOME at a throwaway directory for the imports so a run leaves nothing behind.
_THROWAWAY_HOME = tempfile.mkdtemp(prefix="dcs-sdk-compat-home-")
_REAL_HOME = os.environ.get("HOME")
os.environ["HOME"] = _THROWAWAY_HOME
try:
    from importlib.metadata import version as _dist_version

    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.exceptions.exceptions import SdkException, ServiceResponseException
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkcore.http.http_handler import HttpHandler
    from huaweicloudsdkdcs.v2 import (
        ChangeMasterStandbyAsyncRequest,
        ChangeMasterStandbyRequest,
        DcsClient,
        ListBackgroundTaskRequest,
        ShowInstanceRequest,
        ShowJobInfoRequest,
        UpdateClientIpTransparentTransmissionRequest,
        UpdateClientIpTransparentTransmissionRequestBody,
    )
    import huaweicloudsdkdcs.v2.model as dcs_models
except ImportError as _error:
    sys.stderr.write("sdk_client.py: %s; run it with a Python that has requirements.txt installed "
                     "(pip install -r requirements.txt)\n" % _error)
    shutil.rmtree(_THROWAWAY_HOME, ignore_errors=True)
    sys.exit(2)
finally:
    if _REAL_HOME is None:
        os.environ.pop("HOME", None)
    else:
        os.environ["HOME"] = _REAL_HOME

SINGLE_STEPS = ("show_instance", "client_ip", "async_swap", "sync_swap", "show_job", "list_tasks")
TERMINAL_JOB = ("SUCCESS", "FAIL")
TERMINAL_TASK = ("SUCCESS", "FAILED")
JSON_TYPES = {str: "string", bool: "boolean", int: "number", float: "number", list: "array", dict: "object", type(None): "null"}


# ----------------------------------------------------------------------------------------------
# Arguments


def parse_args(argv):
    env = os.environ
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--endpoint", default=env.get("DCS_ENDPOINT"), help="e.g. http://127.0.0.1:8787 (env DCS_ENDPOINT)")
    p.add_argument("--project-id", default=env.get("OS_PROJECT_ID"), help="env OS_PROJECT_ID")
    p.add_argument("--ak", default=env.get("OS_ACCESS_KEY"), help="access key (env OS_ACCESS_KEY); the SK comes from env OS_SECRET_KEY only")
    p.add_argument("--instance", action="append", default=None, help="instance UUID for the main flow; repeatable (env DCS_INSTANCE_IDS)")
    p.add_argument("--sync-swap-instance", action="append", default=None,
                   help="instance UUID for the synchronous swap flow; repeatable (env DCS_SYNC_SWAP_INSTANCE_IDS)")
    p.add_argument("--only", default=None,
                   help="instead of the flows: these single calls, in order, per --instance (comma-separated: "
                        + ",".join(SINGLE_STEPS) + "); no polling")
    p.add_argument("--job-timeout", type=float, default=30.0, help="seconds to wait for a job/task to end")
    p.add_argument("--poll-interval", type=float, default=0.05, help="seconds between ShowJobInfo/ListBackgroundTask polls")
    args = p.parse_args(argv)
    args.instance = args.instance or split_ids(env.get("DCS_INSTANCE_IDS"))
    args.sync_swap_instance = args.sync_swap_instance or split_ids(env.get("DCS_SYNC_SWAP_INSTANCE_IDS"))
    args.sk = env.get("OS_SECRET_KEY")
    missing = [name for name, value in (("--endpoint", args.endpoint), ("--project-id", args.project_id), ("--ak", args.ak),
                                        ("OS_SECRET_KEY", args.sk)) if not value]
    args.only = split_ids(args.only) if args.only else None
    unknown = [step for step in args.only or [] if step not in SINGLE_STEPS]
    if unknown:
        p.error("--only: unknown step(s) %s (known: %s)" % (", ".join(unknown), ", ".join(SINGLE_STEPS)))
    if args.only and not args.instance:
        missing.append("--instance (for --only)")
    if not (args.instance or args.sync_swap_instance):
        missing.append("--instance or --sync-swap-instance")
    if missing:
        p.error("missing " + ", ".join(missing))
    if not re.match(r"^https?://", args.endpoint):
        p.error("--endpoint must start with http:// or https://")
    return args


def split_ids(value):
    return [v.strip() for v in (value or "").split(",") if v.strip()]


# ----------------------------------------------------------------------------------------------
# Client


class Capture:
    """What the SDK put on the wire for the last call: signed header names, and the last answer's body."""

    def __init__(self):
        self.signed_headers = None
        self.sent_headers = None
        self.response_text = None

    def clear(self):
        self.signed_headers = self.sent_headers = self.response_text = None

    def on_request(self, **kwargs):
        request = kwargs.get("request")
        headers = getattr(request, "header_params", None) or {}
        auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
        m = re.search(r"SignedHeaders=([^,\s]+)", str(auth))
        # Only names: values include the Authorization header, whose signature is derived from the SK.
        self.signed_headers = m.group(1) if m else None
        self.sent_headers = sorted(k.lower() for k in headers)

    def on_response(self, **kwargs):
        response = kwargs.get("response")
        try:
            self.response_text = response.text
        except Exception:  # a streamed or broken body: nothing to show
            self.response_text = None


def build_client(args, capture):
    host = urlparse(args.endpoint).hostname or ""
    if host in ("127.0.0.1", "localhost", "::1"):
        # requests honours HTTP(S)_PROXY from the environment; loopback must never go through one.
        no_proxy = [v for v in os.environ.get("NO_PROXY", os.environ.get("no_proxy", "")).split(",") if v]
        os.environ["NO_PROXY"] = os.environ["no_proxy"] = ",".join(no_proxy + ["127.0.0.1", "localhost", "::1"])

    config = HttpConfig.get_default_config()
    # Plain http:// needs nothing special: ClientBuilder keeps an endpoint that starts with "http"
    # as is, and ignore_ssl_verification only matters for https. Keep the defaults (no retries).
    config.timeout = (5, 30)
    handler = HttpHandler().add_request_handler(capture.on_request).add_response_handler(capture.on_response)
    return (DcsClient.new_builder()
            .with_http_config(config)
            .with_credentials(BasicCredentials(args.ak, args.sk, args.project_id))
            .with_endpoint(args.endpoint)
            .with_http_handler(handler)
            .build())


# ----------------------------------------------------------------------------------------------
# Checks of the SDK's parsing


def json_type(value):
    return JSON_TYPES.get(type(value), type(value).__name__)


def type_check(raw, declared, path, issues):
    """Compares the answer's JSON with the SDK model's declared types. The SDK itself coerces
    silently (str(123) == "123", bool("false") is True), so a mismatch here is what a stricter
    client would trip over. Fields absent from the model are dropped by the SDK: listed too."""
    if raw is None:
        return
    if declared.startswith("list["):
        if not isinstance(raw, list):
            issues["mismatches"].append({"field": path, "declared": declared, "json": json_type(raw)})
            return
        inner = declared[5:-1]
        for i, item in enumerate(raw):
            type_check(item, inner, "%s[%d]" % (path, i), issues)
        return
    if declared.startswith("dict("):
        if not isinstance(raw, dict):
            issues["mismatches"].append({"field": path, "declared": declared, "json": json_type(raw)})
        return
    expected = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,), "object": None,
                "date": (str,), "datetime": (str,)}
    if declared in expected:
        ok = expected[declared] is None or (isinstance(raw, expected[declared])
                                            and not (declared in ("int", "float") and isinstance(raw, bool)))
        if not ok:
            issues["mismatches"].append({"field": path, "declared": declared, "json": json_type(raw)})
        return
    klass = getattr(dcs_models, declared, None)
    if klass is None:
        return
    if not isinstance(raw, dict):
        issues["mismatches"].append({"field": path, "declared": declared, "json": json_type(raw)})
        return
    by_json_key = {json_key: attr for attr, json_key in klass.attribute_map.items()}
    for key, value in raw.items():
        sub = "%s.%s" % (path, key) if path else key
        attr = by_json_key.get(key)
        if attr is None:
            issues["not_in_model"].append(sub)
        else:
            type_check(value, klass.openapi_types[attr], sub, issues)


def python_types(model_dict):
    return {k: type(v).__name__ for k, v in model_dict.items()}


def prune(model, sent):
    """The model's attributes that the answer carried (by JSON key == attribute name, as in every
    model used here) or that hold a value; nested models and lists of them pruned alike."""
    if isinstance(model, list):
        sent_list = sent if isinstance(sent, list) else []
        return [prune(m, sent_list[i] if i < len(sent_list) else {}) for i, m in enumerate(model)]
    if not isinstance(model, dict):
        return model
    sent = sent if isinstance(sent, dict) else {}
    return {k: prune(v, sent.get(k)) for k, v in model.items() if v is not None or k in sent}


def model_to_dict(response):
    with warnings.catch_warnings():
        # Responses' to_dict() is deprecated in favour of to_json_object(), which returns the raw
        # JSON rather than the parsed model. The parsed model is what we want to see.
        warnings.simplefilter("ignore", DeprecationWarning)
        return response.to_dict()


# ----------------------------------------------------------------------------------------------
# Running operations


class Runner:
    def __init__(self, client, capture, args):
        self.client = client
        self.capture = capture
        self.args = args
        self.records = []

    def call(self, operation, instance_id, fn, request, label=None, expect_error=None, record=True):
        self.capture.clear()
        rec = {"operation": operation, "label": label, "instance_id": instance_id, "ok": False, "http_status": None,
               "expect_error": expect_error}
        started = time.monotonic()
        response = None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                response = fn(request)
                rec["ok"] = True
                rec["http_status"] = response.status_code
                model = model_to_dict(response)
                rec["python_types"] = python_types(model)
                rec["model"] = model
            except ServiceResponseException as e:
                rec["http_status"] = e.status_code
                rec["error"] = {"exception": type(e).__name__, "status_code": e.status_code, "error_code": e.error_code,
                                "error_msg": e.error_msg, "request_id": e.request_id}
            except SdkException as e:
                rec["error"] = {"exception": type(e).__name__, "error_msg": e.error_msg}
            except Exception as e:  # a model the SDK could not build, etc.: report, do not crash
                rec["error"] = {"exception": type(e).__name__, "error_msg": str(e)}
        rec["elapsed_ms"] = round((time.monotonic() - started) * 1000, 1)
        rec["sdk_warnings"] = ["%s: %s" % (w.category.__name__, w.message) for w in caught
                               if not issubclass(w.category, DeprecationWarning)]
        rec["signed_headers"] = self.capture.signed_headers
        rec["sent_headers"] = self.capture.sent_headers
        text = self.capture.response_text
        raw = None
        if text:
            try:
                raw = json.loads(text)
            except ValueError:
                raw = text
        rec["raw"] = raw
        if rec["ok"]:
            issues = {"mismatches": [], "not_in_model": []}
            type_check(raw, type(response).__name__, "", issues)
            rec["type_issues"] = issues
            # Keep what the server sent (even as null) and what the SDK filled in; drop the
            # dozens of model attributes that were simply absent from the answer.
            sent = raw if isinstance(raw, dict) else {}
            rec["model"] = prune(rec["model"], sent)
            rec["python_types"] = {k: v for k, v in rec["python_types"].items() if k in rec["model"]}
        if record:
            self.records.append(rec)
        return rec

    def skip(self, operation, instance_id, label, reason):
        self.records.append({"operation": operation, "label": label, "instance_id": instance_id, "ok": False,
                             "skipped": reason})

    def wait_job(self, instance_id, job_id, label):
        """ShowJobInfo until SUCCESS/FAIL; one record with the poll count, the statuses seen and the
        first non-terminal answer (to show how the SDK takes a running job's empty end_time)."""
        deadline = time.monotonic() + self.args.job_timeout
        polls, seen, first_running = 0, [], None
        while True:
            polls += 1
            rec = self.call("ShowJobInfo", instance_id, self.client.show_job_info, ShowJobInfoRequest(job_id=job_id),
                            label=label, record=False)
            status = (rec.get("model") or {}).get("status")
            if rec["ok"] and (not seen or seen[-1] != status):
                seen.append(status)
            if rec["ok"] and status not in TERMINAL_JOB and first_running is None:
                first_running = {k: rec[k] for k in ("model", "python_types", "raw", "type_issues")}
            if not rec["ok"] or status in TERMINAL_JOB or time.monotonic() >= deadline:
                break
            time.sleep(self.args.poll_interval)
        rec["polls"] = polls
        rec["statuses_seen"] = seen
        rec["first_non_terminal"] = first_running
        if rec["ok"] and status not in TERMINAL_JOB:
            rec["ok"] = False
            rec["error"] = {"exception": "Timeout", "error_msg": "job %s still %s after %ss" % (job_id, status, self.args.job_timeout)}
        self.records.append(rec)
        return rec

    def list_tasks(self, instance_id, label, since):
        fmt = "%Y%m%d%H%M%S"
        until = datetime.now(timezone.utc) + timedelta(minutes=1)
        request = ListBackgroundTaskRequest(instance_id=instance_id, offset=0, limit=20,
                                            start_time=since.strftime(fmt), end_time=until.strftime(fmt))
        return self.call("ListBackgroundTask", instance_id, self.client.list_background_task, request, label=label, record=False)

    # -- flows --

    def main_flow(self, instance_id):
        since = datetime.now(timezone.utc) - timedelta(minutes=1)
        before = self.call("ShowInstance", instance_id, self.client.show_instance, ShowInstanceRequest(instance_id=instance_id),
                           label="before")
        current = (before.get("model") or {}).get("transparent_client_ip_enable")
        target = not current if isinstance(current, bool) else False
        body = UpdateClientIpTransparentTransmissionRequestBody(transparent_client_ip_enable=target)
        cip = self.call("UpdateClientIpTransparentTransmission", instance_id, self.client.update_client_ip_transparent_transmission,
                        UpdateClientIpTransparentTransmissionRequest(instance_id=instance_id, body=body))
        cip["requested_enable"] = target
        cip_job = (cip.get("model") or {}).get("job_id")
        if cip_job:
            self.wait_job(instance_id, cip_job, "modifyClientIpTransJob")
        else:
            self.skip("ShowJobInfo", instance_id, "modifyClientIpTransJob", "no job_id from UpdateClientIpTransparentTransmission")
        self.call("ShowInstance", instance_id, self.client.show_instance, ShowInstanceRequest(instance_id=instance_id),
                  label="after clientIp")

        swap = self.call("ChangeMasterStandbyAsync", instance_id, self.client.change_master_standby_async,
                         ChangeMasterStandbyAsyncRequest(instance_id=instance_id))
        swap_job = (swap.get("model") or {}).get("job_id")
        if swap_job:
            self.wait_job(instance_id, swap_job, "masterStandbySwapJob")
        else:
            self.skip("ShowJobInfo", instance_id, "masterStandbySwapJob", "no job_id from ChangeMasterStandbyAsync")

        self.records.append(self.list_tasks(instance_id, "after jobs", since))
        self.call("ShowJobInfo", instance_id, self.client.show_job_info, ShowJobInfoRequest(job_id=uuid.uuid4().hex),
                  label="unknown job", expect_error="DCS.4001")

    def single_steps(self, instance_id, steps):
        """One call per step, no polling: for auth and throttling probes."""
        since = datetime.now(timezone.utc) - timedelta(minutes=1)
        enable, job_id = True, None
        for step in steps:
            if step == "show_instance":
                rec = self.call("ShowInstance", instance_id, self.client.show_instance, ShowInstanceRequest(instance_id=instance_id))
                current = (rec.get("model") or {}).get("transparent_client_ip_enable")
                if isinstance(current, bool):
                    enable = not current
            elif step == "client_ip":
                body = UpdateClientIpTransparentTransmissionRequestBody(transparent_client_ip_enable=enable)
                rec = self.call("UpdateClientIpTransparentTransmission", instance_id, self.client.update_client_ip_transparent_transmission,
                                UpdateClientIpTransparentTransmissionRequest(instance_id=instance_id, body=body))
                rec["requested_enable"] = enable
                job_id = (rec.get("model") or {}).get("job_id") or job_id
            elif step == "async_swap":
                rec = self.call("ChangeMasterStandbyAsync", instance_id, self.client.change_master_standby_async,
                                ChangeMasterStandbyAsyncRequest(instance_id=instance_id))
                job_id = (rec.get("model") or {}).get("job_id") or job_id
            elif step == "sync_swap":
                self.call("ChangeMasterStandby", instance_id, self.client.change_master_standby,
                          ChangeMasterStandbyRequest(instance_id=instance_id))
            elif step == "show_job":
                self.call("ShowJobInfo", instance_id, self.client.show_job_info, ShowJobInfoRequest(job_id=job_id or uuid.uuid4().hex),
                          label=None if job_id else "unknown job")
            elif step == "list_tasks":
                self.records.append(self.list_tasks(instance_id, None, since))

    def sync_swap_flow(self, instance_id):
        since = datetime.now(timezone.utc) - timedelta(minutes=1)
        swap = self.call("ChangeMasterStandby", instance_id, self.client.change_master_standby,
                         ChangeMasterStandbyRequest(instance_id=instance_id))
        if not swap["ok"]:
            self.skip("ListBackgroundTask", instance_id, "sync swap task", "ChangeMasterStandby failed")
        else:
            deadline = time.monotonic() + self.args.job_timeout
            polls, seen = 0, []
            while True:
                polls += 1
                rec = self.list_tasks(instance_id, "sync swap task", since)
                tasks = [t for t in ((rec.get("model") or {}).get("tasks") or []) if t.get("name") == "masterStandbySwapJob"]
                status = tasks[0].get("status") if tasks else None
                if rec["ok"] and (not seen or seen[-1] != status):
                    seen.append(status)
                if not rec["ok"] or status in TERMINAL_TASK or time.monotonic() >= deadline:
                    break
                time.sleep(self.args.poll_interval)
            rec["polls"] = polls
            rec["statuses_seen"] = seen
            if rec["ok"] and status not in TERMINAL_TASK:
                rec["ok"] = False
                rec["error"] = {"exception": "Timeout", "error_msg": "sync swap task still %s after %ss" % (status, self.args.job_timeout)}
            self.records.append(rec)
        self.call("ShowInstance", instance_id, self.client.show_instance, ShowInstanceRequest(instance_id=instance_id),
                  label="after sync swap")


def sdk_versions():
    out = {"python": sys.version.split()[0]}
    for dist in ("huaweicloudsdkcore", "huaweicloudsdkdcs", "requests", "urllib3"):
        try:
            out[dist] = _dist_version(dist)
        except Exception:
            out[dist] = None
    return out


def main(argv):
    try:
        args = parse_args(argv)
        capture = Capture()
        client = build_client(args, capture)
        runner = Runner(client, capture, args)
        if args.only:
            for instance_id in args.instance:
                runner.single_steps(instance_id, args.only)
        else:
            for instance_id in args.instance:
                runner.main_flow(instance_id)
            for instance_id in args.sync_swap_instance:
                runner.sync_swap_flow(instance_id)
        records = runner.records
    finally:
        shutil.rmtree(_THROWAWAY_HOME, ignore_errors=True)
    result = {
        "sdk": sdk_versions(),
        "endpoint": args.endpoint,
        "project_id": args.project_id,
        "access_key": args.ak[:4] + "***",
        "operations": records,
        "summary": {
            "ok": sum(1 for r in records if r.get("ok")),
            "errors": sum(1 for r in records if not r.get("ok") and not r.get("skipped")),
            "skipped": sum(1 for r in records if r.get("skipped")),
        },
    }
    text = json.dumps(result, default=str)
    if args.sk and args.sk in text:  # belt and braces: an SK must never reach stdout
        print(json.dumps({"error": "refusing to print output that contains the secret key"}))
        return 1
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

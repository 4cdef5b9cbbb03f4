#!/usr/bin/python3
"""A small generic gRPC client for humans, driven by server reflection.

  grpc_call.py ADDRESS list                     the services the server offers
  grpc_call.py ADDRESS describe SYMBOL          a service's methods or a message's fields
  grpc_call.py ADDRESS health [SERVICE]         grpc.health.v1 Check; exit 0 when SERVING
  grpc_call.py ADDRESS SERVICE/METHOD [JSON]    call a method, print the response as JSON

ADDRESS is host:port (or just a port on 127.0.0.1). JSON is the request in the
proto3 JSON mapping (field names as in the .proto or lowerCamelCase); "-" reads
it from stdin, "@FILE" from a file; the default is {}. Examples:

  grpc_call.py 127.0.0.1:50051 list
  grpc_call.py 127.0.0.1:50051 hoptac.registry.v1.RegistryService/GetOrgUnit \\
      '{"name": "orgUnits/183"}'

hoptac serves mutual TLS and wants a bearer token on every call (except the
plaintext --health_port). The TLS files and the token come from the options
below or from the same variables the C++ clients read (scripts/run-local.sh
writes them to .run/client.env: `source .run/client.env`):

  HOPTAC_TLS_CA_FILE      --ca          the CA the server's certificate chains to
  HOPTAC_TLS_CERT_FILE    --cert        this client's certificate (mutual TLS)
  HOPTAC_TLS_KEY_FILE     --key         its private key
  HOPTAC_BEARER_TOKEN_FILE --token-file sent as "authorization: Bearer <token>"
  HOPTAC_TOKEN            the token itself, when no token file is given

--insecure ignores the TLS variables and calls in plaintext (a server started
with --insecure, or a health port).

Exit status: 0 on success, 1 when the call failed (the gRPC status code and
message are printed on stderr), 2 on a usage error.

Runs with Debian's /usr/bin/python3 and python3-grpcio / python3-protobuf. The
reflection (grpc.reflection.v1alpha, what the C++ servers serve) and health
messages are described here by hand, so no generated stubs are needed.
"""

import argparse
import json
import os
import sys

try:
    import grpc
    from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory, text_format
except ImportError as error:  # pragma: no cover - depends on the machine
    sys.stderr.write(
        "grpc_call.py: %s\nInstall Debian's python3-grpcio (scripts/setup.sh does) and run with "
        "/usr/bin/python3.\n" % error)
    sys.exit(2)

REFLECTION_METHOD = "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"
HEALTH_METHOD = "/grpc.health.v1.Health/Check"

# The parts of grpc/reflection/v1alpha/reflection.proto and grpc/health/v1/health.proto
# this client uses, with the same field numbers.
_BUILTIN_PROTOS = [
    """
name: "hoptac_grpc_call/reflection.proto"
package: "grpc.reflection.v1alpha"
syntax: "proto3"
message_type {
  name: "ServerReflectionRequest"
  field { name: "host" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "file_by_filename" number: 3 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }
  field { name: "file_containing_symbol" number: 4 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }
  field { name: "all_extension_numbers_of_type" number: 6 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }
  field { name: "list_services" number: 7 label: LABEL_OPTIONAL type: TYPE_STRING oneof_index: 0 }
  oneof_decl { name: "message_request" }
}
message_type {
  name: "ServerReflectionResponse"
  field { name: "valid_host" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
  field { name: "file_descriptor_response" number: 4 label: LABEL_OPTIONAL type: TYPE_MESSAGE
          type_name: ".grpc.reflection.v1alpha.FileDescriptorResponse" oneof_index: 0 }
  field { name: "list_services_response" number: 6 label: LABEL_OPTIONAL type: TYPE_MESSAGE
          type_name: ".grpc.reflection.v1alpha.ListServiceResponse" oneof_index: 0 }
  field { name: "error_response" number: 7 label: LABEL_OPTIONAL type: TYPE_MESSAGE
          type_name: ".grpc.reflection.v1alpha.ErrorResponse" oneof_index: 0 }
  oneof_decl { name: "message_response" }
}
message_type {
  name: "FileDescriptorResponse"
  field { name: "file_descriptor_proto" number: 1 label: LABEL_REPEATED type: TYPE_BYTES }
}
message_type {
  name: "ListServiceResponse"
  field { name: "service" number: 1 label: LABEL_REPEATED type: TYPE_MESSAGE
          type_name: ".grpc.reflection.v1alpha.ServiceResponse" }
}
message_type {
  name: "ServiceResponse"
  field { name: "name" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
}
message_type {
  name: "ErrorResponse"
  field { name: "error_code" number: 1 label: LABEL_OPTIONAL type: TYPE_INT32 }
  field { name: "error_message" number: 2 label: LABEL_OPTIONAL type: TYPE_STRING }
}
""",
    """
name: "hoptac_grpc_call/health.proto"
package: "grpc.health.v1"
syntax: "proto3"
message_type {
  name: "HealthCheckRequest"
  field { name: "service" number: 1 label: LABEL_OPTIONAL type: TYPE_STRING }
}
message_type {
  name: "HealthCheckResponse"
  field { name: "status" number: 1 label: LABEL_OPTIONAL type: TYPE_ENUM
          type_name: ".grpc.health.v1.HealthCheckResponse.ServingStatus" }
  enum_type {
    name: "ServingStatus"
    value { name: "UNKNOWN" number: 0 }
    value { name: "SERVING" number: 1 }
    value { name: "NOT_SERVING" number: 2 }
    value { name: "SERVICE_UNKNOWN" number: 3 }
  }
}
""",
]


class Failure(Exception):
    """An error to report on stderr with an exit status."""

    def __init__(self, message, status=1):
        super().__init__(message)
        self.status = status


def message_class(descriptor):
    """The Python class of a message descriptor, across python3-protobuf versions."""
    get_message_class = getattr(message_factory, "GetMessageClass", None)
    if get_message_class is not None:
        return get_message_class(descriptor)
    return message_factory.MessageFactory(descriptor.file.pool).GetPrototype(descriptor)


def _builtin_pool():
    pool = descriptor_pool.DescriptorPool()
    for text in _BUILTIN_PROTOS:
        pool.Add(text_format.Parse(text, descriptor_pb2.FileDescriptorProto()))
    return pool


_BUILTIN = _builtin_pool()
ReflectionRequest = message_class(
    _BUILTIN.FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionRequest"))
ReflectionResponse = message_class(
    _BUILTIN.FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionResponse"))
HealthCheckRequest = message_class(_BUILTIN.FindMessageTypeByName("grpc.health.v1.HealthCheckRequest"))
HealthCheckResponse = message_class(_BUILTIN.FindMessageTypeByName("grpc.health.v1.HealthCheckResponse"))


class Reflection:
    """Fetches file descriptors from a server and keeps them in a private pool."""

    def __init__(self, channel, timeout, metadata):
        self._call = channel.stream_stream(
            REFLECTION_METHOD,
            request_serializer=ReflectionRequest.SerializeToString,
            response_deserializer=ReflectionResponse.FromString)
        self._timeout = timeout
        self._metadata = metadata
        self._files = {}  # name -> FileDescriptorProto, as received
        self.pool = descriptor_pool.DescriptorPool()
        self._added = set()

    def _ask(self, **fields):
        request = ReflectionRequest(**fields)
        try:
            responses = self._call(iter([request]), timeout=self._timeout, metadata=self._metadata)
            response = next(responses)
            responses.cancel()
        except grpc.RpcError as error:
            if error.code() == grpc.StatusCode.UNIMPLEMENTED:
                raise Failure("the server does not offer reflection (%s): %s"
                              % (REFLECTION_METHOD, error.details())) from None
            raise
        except StopIteration:
            raise Failure("the reflection stream closed without an answer") from None
        if response.WhichOneof("message_response") == "error_response":
            err = response.error_response
            code = grpc.StatusCode.UNKNOWN
            for candidate in grpc.StatusCode:
                if candidate.value[0] == err.error_code:
                    code = candidate
            raise Failure("reflection: %s: %s" % (code.name, err.error_message))
        return response

    def list_services(self):
        response = self._ask(list_services="*")
        return [service.name for service in response.list_services_response.service]

    def _receive(self, response):
        for blob in response.file_descriptor_response.file_descriptor_proto:
            proto = descriptor_pb2.FileDescriptorProto.FromString(blob)
            self._files.setdefault(proto.name, proto)

    def _add_file(self, name):
        if name in self._added:
            return
        if name not in self._files:
            self._receive(self._ask(file_by_filename=name))
            if name not in self._files:
                raise Failure("reflection did not return %s" % name)
        proto = self._files[name]
        for dependency in proto.dependency:
            self._add_file(dependency)
        self.pool.Add(proto)
        self._added.add(name)

    def load_symbol(self, symbol):
        """Loads the file defining SYMBOL (and its dependencies) into the pool."""
        response = self._ask(file_containing_symbol=symbol)
        self._receive(response)
        for blob in response.file_descriptor_response.file_descriptor_proto:
            self._add_file(descriptor_pb2.FileDescriptorProto.FromString(blob).name)


def make_channel(args):
    address = args.address
    if address.isdigit():
        address = "127.0.0.1:" + address
    options = []
    if args.authority:
        options.append(("grpc.default_authority", args.authority))
    if not args.insecure and (args.ca or args.cert):
        def read(path):
            with open(path, "rb") as f:
                return f.read()
        credentials = grpc.ssl_channel_credentials(
            root_certificates=read(args.ca) if args.ca else None,
            private_key=read(args.key) if args.key else None,
            certificate_chain=read(args.cert) if args.cert else None)
        return grpc.secure_channel(address, credentials, options=options)
    return grpc.insecure_channel(address, options=options)


def read_token(args):
    """The bearer token of --token-file (HOPTAC_BEARER_TOKEN_FILE), else HOPTAC_TOKEN."""
    if args.token_file:
        try:
            with open(args.token_file, encoding="ascii") as f:
                token = f.read().strip()
        except (OSError, UnicodeDecodeError) as error:
            raise Failure("--token-file: cannot read %s (%s)" % (args.token_file, error), status=2)
        if not token or any(c.isspace() for c in token):
            raise Failure("--token-file: %s must hold one token on one line" % args.token_file,
                          status=2)
        return token
    return os.environ.get("HOPTAC_TOKEN")


def parse_metadata(headers, token):
    metadata = []
    for header in headers:
        key, sep, value = header.partition(":")
        if not sep or not key.strip():
            raise Failure("--header wants KEY:VALUE, got %r" % header, status=2)
        metadata.append((key.strip().lower(), value.strip()))
    if token and not any(key == "authorization" for key, _ in metadata):
        metadata.append(("authorization", "Bearer " + token))
    return metadata


def read_request_text(argument):
    if argument is None:
        return "{}"
    if argument == "-":
        return sys.stdin.read()
    if argument.startswith("@"):
        with open(argument[1:], encoding="utf-8") as f:
            return f.read()
    return argument


def _in_field_order(value, descriptor):
    """Orders a MessageToDict result like the .proto (defaults are appended otherwise)."""
    if not isinstance(value, dict) or descriptor is None or descriptor.GetOptions().map_entry:
        return value
    ordered = {}
    for field in descriptor.fields:
        if field.name not in value:
            continue
        item = value[field.name]
        child = field.message_type
        if child is not None and child.GetOptions().map_entry:
            ordered[field.name] = item
        elif isinstance(item, list):
            ordered[field.name] = [_in_field_order(element, child) for element in item]
        else:
            ordered[field.name] = _in_field_order(item, child)
    for key, item in value.items():  # anything not matched (e.g. "@type" of an Any)
        ordered.setdefault(key, item)
    return ordered


def to_json(message, args):
    value = json_format.MessageToDict(
        message,
        including_default_value_fields=not args.omit_defaults,
        preserving_proto_field_name=True)
    return json.dumps(_in_field_order(value, message.DESCRIPTOR), ensure_ascii=False, indent=2)


def split_method(text):
    if "/" in text:
        service, _, method = text.lstrip("/").rpartition("/")
    else:
        service, _, method = text.rpartition(".")
    if not service or not method:
        raise Failure("METHOD must look like package.Service/Method, got %r" % text, status=2)
    return service, method


def command_list(reflection, args):
    for name in sorted(reflection.list_services()):
        print(name)


def command_describe(reflection, args):
    if not args.rest:
        raise Failure("describe wants a SYMBOL (a service, method or message name)", status=2)
    symbol = args.rest[0].replace("/", ".")
    reflection.load_symbol(symbol)
    pool = reflection.pool
    for finder in (pool.FindServiceByName, pool.FindMessageTypeByName, pool.FindEnumTypeByName):
        try:
            descriptor = finder(symbol)
        except KeyError:
            continue
        print(describe(descriptor))
        return
    service, method = split_method(symbol)
    descriptor = pool.FindServiceByName(service).methods_by_name.get(method)
    if descriptor is None:
        raise Failure("%s: no such symbol" % symbol)
    print(describe_method(descriptor))


def describe_method(method):
    return "rpc %s(%s%s) returns (%s%s);" % (
        method.name,
        "stream " if getattr(method, "client_streaming", False) else "",
        method.input_type.full_name,
        "stream " if getattr(method, "server_streaming", False) else "",
        method.output_type.full_name)


def describe(descriptor):
    from google.protobuf import descriptor as d
    if isinstance(descriptor, d.ServiceDescriptor):
        lines = ["service %s {" % descriptor.full_name]
        lines += ["  " + describe_method(m) for m in descriptor.methods]
        return "\n".join(lines + ["}"])
    if isinstance(descriptor, d.EnumDescriptor):
        lines = ["enum %s {" % descriptor.full_name]
        lines += ["  %s = %d;" % (v.name, v.number) for v in descriptor.values]
        return "\n".join(lines + ["}"])
    type_names = {value: name[len("TYPE_"):].lower()
                  for name, value in vars(d.FieldDescriptor).items() if name.startswith("TYPE_")}
    lines = ["message %s {" % descriptor.full_name]
    for field in descriptor.fields:
        if field.message_type is not None:
            type_name = field.message_type.full_name
        elif field.enum_type is not None:
            type_name = field.enum_type.full_name
        else:
            type_name = type_names.get(field.type, "?")
        label = "repeated " if field.label == d.FieldDescriptor.LABEL_REPEATED else ""
        lines.append("  %s%s %s = %d;" % (label, type_name, field.name, field.number))
    return "\n".join(lines + ["}"])


def command_health(channel, args, metadata):
    service = args.rest[0] if args.rest else ""
    check = channel.unary_unary(
        HEALTH_METHOD,
        request_serializer=HealthCheckRequest.SerializeToString,
        response_deserializer=HealthCheckResponse.FromString)
    response = check(HealthCheckRequest(service=service), timeout=args.timeout, metadata=metadata)
    status = HealthCheckResponse.DESCRIPTOR.enum_types_by_name["ServingStatus"].values_by_number[
        response.status].name
    print(status)
    if status != "SERVING":
        raise Failure("%s is %s" % (service or "the server", status))


def command_call(reflection, channel, args, metadata):
    service_name, method_name = split_method(args.target)
    try:
        reflection.load_symbol(service_name)
        service = reflection.pool.FindServiceByName(service_name)
    except (Failure, KeyError) as error:
        raise Failure("%s: unknown service (try `list`): %s" % (service_name, error)) from None
    method = service.methods_by_name.get(method_name)
    if method is None:
        raise Failure("%s has no method %s; it has: %s" % (
            service_name, method_name, ", ".join(m.name for m in service.methods)), status=2)
    if getattr(method, "client_streaming", False):
        raise Failure("%s is client-streaming: not supported" % method_name, status=2)
    request_class = message_class(method.input_type)
    response_class = message_class(method.output_type)
    request = request_class()
    try:
        json_format.Parse(read_request_text(args.rest[0] if args.rest else None), request,
                          descriptor_pool=reflection.pool)
    except (json_format.ParseError, ValueError) as error:
        raise Failure("bad request JSON for %s: %s" % (method.input_type.full_name, error),
                      status=2) from None
    path = "/%s/%s" % (service_name, method_name)
    if getattr(method, "server_streaming", False):
        stream = channel.unary_stream(path, request_serializer=request_class.SerializeToString,
                                      response_deserializer=response_class.FromString)
        for response in stream(request, timeout=args.timeout, metadata=metadata):
            print(to_json(response, args))
        return
    unary = channel.unary_unary(path, request_serializer=request_class.SerializeToString,
                                response_deserializer=response_class.FromString)
    print(to_json(unary(request, timeout=args.timeout, metadata=metadata), args))


def main(argv):
    parser = argparse.ArgumentParser(
        prog="grpc_call.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("address", help="host:port, or a port on 127.0.0.1")
    parser.add_argument("target", help="list | describe | health | package.Service/Method")
    parser.add_argument("rest", nargs="?", default=None,
                        help="the request JSON (for a method), the SYMBOL or the SERVICE")
    parser.add_argument("-H", "--header", action="append", default=[], metavar="KEY:VALUE",
                        help="request metadata, repeatable")
    parser.add_argument("--timeout", type=float, default=30.0, help="deadline in seconds (30)")
    parser.add_argument("--omit-defaults", action="store_true",
                        help="leave out fields that have their default value (0, \"\", [])")
    env = os.environ.get
    parser.add_argument("--ca", default=env("HOPTAC_TLS_CA_FILE"),
                        help="TLS: root certificates (PEM); turns TLS on (HOPTAC_TLS_CA_FILE)")
    parser.add_argument("--cert", default=env("HOPTAC_TLS_CERT_FILE"),
                        help="TLS: client certificate chain (PEM), for mutual TLS "
                             "(HOPTAC_TLS_CERT_FILE)")
    parser.add_argument("--key", default=env("HOPTAC_TLS_KEY_FILE"),
                        help="TLS: client private key (PEM), for mutual TLS (HOPTAC_TLS_KEY_FILE)")
    parser.add_argument("--insecure", action="store_true",
                        help="plaintext, even when HOPTAC_TLS_* are set (a health port)")
    parser.add_argument("--token-file", default=env("HOPTAC_BEARER_TOKEN_FILE"),
                        help="file holding the bearer token (HOPTAC_BEARER_TOKEN_FILE)")
    parser.add_argument("--authority", help="override the :authority / TLS server name")
    args = parser.parse_args(argv)
    args.rest = [args.rest] if args.rest is not None else []

    try:
        sys.stdout.reconfigure(encoding="utf-8")
    except AttributeError:  # pragma: no cover
        pass

    try:
        # Health needs no token: none is sent, not even to a plaintext health port.
        token = None if args.target == "health" else read_token(args)
        metadata = parse_metadata(args.header, token)
        with make_channel(args) as channel:
            if args.target == "health":
                command_health(channel, args, metadata)
                return 0
            reflection = Reflection(channel, args.timeout, metadata)
            if args.target == "list":
                command_list(reflection, args)
            elif args.target == "describe":
                command_describe(reflection, args)
            else:
                command_call(reflection, channel, args, metadata)
        return 0
    except grpc.RpcError as error:
        sys.stderr.write("ERROR: %s: %s\n" % (error.code().name, error.details() or "(no message)"))
        for key, value in error.trailing_metadata() or ():
            if not key.endswith("-bin"):
                sys.stderr.write("  %s: %s\n" % (key, value))
        return 1
    except Failure as error:
        sys.stderr.write("ERROR: %s\n" % error)
        return error.status
    except OSError as error:
        sys.stderr.write("ERROR: %s\n" % error)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

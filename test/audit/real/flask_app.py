# The seed's Flask app, with the CORS configuration named on the command line, on a free port of
# 127.0.0.1 (printed first, so the test knows where it listens). Run with Debian's /usr/bin/python3.
#   credentials: CORS(app, supports_credentials=True)
#   star:        CORS(app, origins="*")
import sys

from flask import Flask, jsonify, request
from flask_cors import CORS
from werkzeug.serving import make_server

app = Flask(__name__)
if sys.argv[1] == "credentials":
    CORS(app, supports_credentials=True)
elif sys.argv[1] == "star":
    CORS(app, origins="*")
else:
    sys.exit(f"unknown configuration {sys.argv[1]!r}: use credentials or star")


@app.route("/")
def hello():
    return "Hello, World!"


@app.route("/api/me")
def me():
    # What a signed-in user's page would get: here, the cookie the server received.
    return jsonify(cookie=request.headers.get("Cookie"))


server = make_server("127.0.0.1", 0, app, threaded=True)
print(server.server_port, flush=True)
server.serve_forever()

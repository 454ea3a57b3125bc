from flask import Flask, jsonify
from werkzeug.serving import make_server

app = Flask(__name__)
# corslab: CORS goes here


@app.route("/api/items", methods=["GET", "PUT"])
def items():
    return jsonify([{"id": 1}, {"id": 2}]), 200, {"X-Total-Count": "2"}


server = make_server("127.0.0.1", 0, app, threaded=True)
print(f"listening on {server.server_port}", flush=True)
server.serve_forever()

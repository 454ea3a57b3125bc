require "action_controller/railtie"

class App < Rails::Application
  config.root = __dir__
  config.eager_load = false
  config.logger = Logger.new(nil)
  config.secret_key_base = "corslab-stack-proof"
  config.hosts.clear
end
# corslab: CORS goes here

class ItemsController < ActionController::API
  def index
    response.set_header("X-Total-Count", "2")
    render json: [{ id: 1 }, { id: 2 }]
  end
end

Rails.application.initialize!
Rails.application.routes.draw do
  get "/api/items", to: "items#index"
  put "/api/items", to: "items#index"
end

run Rails.application

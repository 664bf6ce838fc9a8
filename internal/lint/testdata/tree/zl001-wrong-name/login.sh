#!/bin/sh
export ZENML_SERVER_URL=https://zenml.example.com
ZENML_PROJECT=default zenml pipeline runs list
export ZENML_STORE_URL=https://zenml.example.com

#!/bin/sh
ZENML_SPEC=zenml==0.90
export ZENML_FEATURE_X=1

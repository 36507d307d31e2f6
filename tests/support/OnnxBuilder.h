#pragma once
// ONNX models built through the protobuf API, as exporters write them: weights as initializers,
// as Constant nodes, forwarded through Identity nodes, or kept in an external data file. Values
// are seeded and (with a density below 1) partly zero.
#include "matrix/RandomMatrix.h"

#include <onnx/onnx_pb.h>

#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace colcomb::test {

class OnnxBuilder {
public:
    explicit OnnxBuilder(double density = 1.0) : m_density(density)
    {
        m_model.set_ir_version(8);
        m_model.add_opset_import()->set_version(13);
        m_model.set_producer_name("colcomb tests");
    }

    void conv(const std::string& node, const std::string& weight, std::vector<std::int64_t> dims, int group, const std::string& externalFile = "")
    {
        onnx::NodeProto& n = addNode("Conv", node, weight);
        onnx::AttributeProto* g = n.add_attribute();
        g->set_name("group");
        g->set_type(onnx::AttributeProto_AttributeType_INT);
        g->set_i(group);
        addWeight(weight, std::move(dims), externalFile);
    }
    void gemm(const std::string& node, const std::string& weight, std::vector<std::int64_t> dims, bool transB)
    {
        onnx::NodeProto& n = addNode("Gemm", node, weight);
        onnx::AttributeProto* t = n.add_attribute();
        t->set_name("transB");
        t->set_type(onnx::AttributeProto_AttributeType_INT);
        t->set_i(transB ? 1 : 0);
        addWeight(weight, std::move(dims));
    }
    void matmul(const std::string& node, const std::string& weight, std::vector<std::int64_t> dims)
    {
        addNode("MatMul", node, weight);
        addWeight(weight, std::move(dims));
    }
    // `output` = Identity(`input`): a layer naming `output` gets the initializer `input`.
    void identity(const std::string& output, const std::string& input)
    {
        onnx::NodeProto* n = m_model.mutable_graph()->add_node();
        n->set_op_type("Identity");
        n->add_input(input);
        n->add_output(output);
        m_forward[output] = input;
    }
    void constantNode(const std::string& output, std::vector<std::int64_t> dims)
    {
        onnx::NodeProto* n = m_model.mutable_graph()->add_node();
        n->set_op_type("Constant");
        n->add_output(output);
        onnx::AttributeProto* value = n->add_attribute();
        value->set_name("value");
        value->set_type(onnx::AttributeProto_AttributeType_TENSOR);
        fill(*value->mutable_t(), output, std::move(dims), "");
    }
    void truncateRaw(const std::string& name, std::size_t bytes) { m_tensors.at(name)->mutable_raw_data()->resize(bytes); }

    std::string bytes() const { return m_model.SerializeAsString(); }
    const std::vector<float>& values(const std::string& name) const { return m_values.at(resolve(name)); }
    float value(const std::string& name, std::size_t index) const { return values(name).at(index); }
    std::string rawData(const std::string& name) const
    {
        const std::vector<float>& v = values(name);
        return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
    }

private:
    onnx::NodeProto& addNode(const std::string& op, const std::string& name, const std::string& weight)
    {
        onnx::NodeProto* n = m_model.mutable_graph()->add_node();
        n->set_op_type(op);
        if (!name.empty()) n->set_name(name);
        n->add_input()->assign(kInput);
        n->add_input(weight);
        n->add_output()->assign(std::to_string(m_model.graph().node_size())).insert(0, 1, 'y');
        return *n;
    }
    std::string resolve(const std::string& name) const
    {
        const auto f = m_forward.find(name);
        return f == m_forward.end() ? name : f->second;
    }
    void addWeight(const std::string& weight, std::vector<std::int64_t> dims, const std::string& externalFile = "")
    {
        const std::string name = resolve(weight);
        if (m_values.count(name)) return;  // a Constant node already holds it
        fill(*m_model.mutable_graph()->add_initializer(), name, std::move(dims), externalFile);
    }
    void fill(onnx::TensorProto& t, const std::string& name, std::vector<std::int64_t> dims, const std::string& externalFile)
    {
        t.set_name(name);
        t.set_data_type(onnx::TensorProto_DataType_FLOAT);
        std::size_t count = 1;
        for (std::int64_t d : dims) {
            t.add_dims(d);
            count *= static_cast<std::size_t>(d);
        }
        std::vector<float>& v = m_values[name];
        for (std::size_t i = 0; i < count; ++i) {
            const double keep = m_rng.uniform();
            const float w = static_cast<float>(m_rng.normal());
            v.push_back(keep < m_density && w != 0.0f ? w : 0.0f);
        }
        if (!externalFile.empty()) {
            t.set_data_location(onnx::TensorProto_DataLocation_EXTERNAL);
            const std::string length = std::to_string(count * sizeof(float));
            const char* keys[] = {"location", "offset", "length"};
            const std::string* values[] = {&externalFile, &kOffset, &length};
            for (int k = 0; k < 3; ++k) {
                onnx::StringStringEntryProto* e = t.add_external_data();
                e->set_key(keys[k]);
                e->set_value(*values[k]);
            }
        } else {
            t.set_raw_data(std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float)));
        }
        m_tensors[name] = &t;
    }

    inline static const std::string kInput = "x";  // every layer reads the graph's input: only weights matter here
    inline static const std::string kOffset = "8";  // external data starts 8 bytes into its file
    double m_density;
    SplitMix64 m_rng{2019};
    onnx::ModelProto m_model;
    std::map<std::string, std::string> m_forward;
    std::map<std::string, std::vector<float>> m_values;
    std::map<std::string, onnx::TensorProto*> m_tensors;
};

} // namespace colcomb::test
